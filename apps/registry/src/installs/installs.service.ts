import { Injectable } from '@nestjs/common';
import { type Viewer, notFound } from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { type InstallDay, InstallCountRepository, type PopularServer } from './install-count.repository';

/**
 * Install counts: anonymous (nothing about the installer is kept); the viewer only decides which
 * private servers it may count and see. A private server it may not see answers exactly like one
 * that does not exist.
 */
@Injectable()
export class InstallsService {
  constructor(
    private readonly counts: InstallCountRepository,
    private readonly clock: Clock,
  ) {}

  async count(name: string, viewer: Viewer): Promise<void> {
    if (!(await this.counts.count(name, viewer, this.clock.now()))) throw notFound(`No server named ${name}`);
  }

  async daily(name: string, viewer: Viewer, days: number): Promise<{ days: InstallDay[]; total: number }> {
    const found = await this.counts.daily(name, viewer, days, this.clock.now());
    if (!found) throw notFound(`No server named ${name}`);
    return found;
  }

  popular(limit: number, viewer: Viewer): Promise<PopularServer[]> {
    return this.counts.popular(limit, viewer);
  }
}
