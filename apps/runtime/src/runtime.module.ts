import { Module } from '@nestjs/common';
import { AuthModule } from '@mcp-hub/auth';
import { HUB_DB } from '@mcp-hub/http';
import { registryReaderProvider } from '@mcp-hub/registry-port';
import { CapabilitiesController } from './capabilities/capabilities.controller';
import { CapabilitiesRepository } from './capabilities/capabilities.repository';
import { CapabilitiesService } from './capabilities/capabilities.service';
import { HealthProber } from './health/health-prober';
import { HealthController } from './health/health.controller';
import { HealthRepository } from './health/health.repository';
import { HealthService } from './health/health.service';
import { Inspector } from './inspection/inspector';
import { InspectionJobs } from './jobs/inspection-jobs';
import { InspectionWorker } from './jobs/inspection-worker';
import { JobsController } from './jobs/jobs.controller';
import { RuntimeHealth } from './runtime-health';
import { RuntimeMetrics } from './runtime-metrics';

/**
 * The Runtime service: what each version really exposes (inspected in a sandbox, or declared by
 * its publisher), the health of remotes and drift of their tools. The API is served by every
 * process that mounts it; the worker (queue consumer, reconciler, health prober) runs where
 * HUB_RUNTIME=on. Needs HubCoreModule; registry data is read through RegistryReader only.
 */
@Module({
  imports: [AuthModule],
  controllers: [CapabilitiesController, HealthController, JobsController],
  providers: [
    registryReaderProvider(HUB_DB),
    CapabilitiesRepository,
    CapabilitiesService,
    HealthRepository,
    HealthService,
    HealthProber,
    Inspector,
    InspectionJobs,
    InspectionWorker,
    RuntimeHealth,
    RuntimeMetrics,
  ],
  exports: [CapabilitiesService, InspectionJobs, InspectionWorker, HealthProber, Inspector],
})
export class RuntimeModule {}
