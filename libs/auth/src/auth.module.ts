import { Global, Module } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { AuthGuard, OptionalAuthGuard } from './auth.guard';
import { Credentials } from './credentials';
import { CredentialsRepository } from './credentials.repository';
import { JwtKeysRepository } from './jwt-keys.repository';
import { JWT_PRIVATE_KEY, JWT_TTL_SECONDS, RegistryJwt } from './registry-jwt';
import { TokenLiveness } from './token-liveness';
import { TokenUses } from './token-uses';
import { TokenUsesRepository } from './token-uses.repository';

/**
 * Authentication for every service: bearer credentials (API tokens, sessions, registry JWTs) to a
 * Principal, token-use counting, and the guards. Global, so any service module's controllers may
 * use `@Authenticated()` / `@OptionallyAuthenticated()`; each service module imports it (one
 * instance per process). Needs HubCoreModule (config, database, clock) from whoever hosts it.
 */
@Global()
@Module({
  providers: [
    { provide: JWT_PRIVATE_KEY, useFactory: (config: HubConfig) => config.jwt.privateKeyPem, inject: [HUB_CONFIG] },
    { provide: JWT_TTL_SECONDS, useFactory: (config: HubConfig) => config.jwt.ttlSeconds, inject: [HUB_CONFIG] },
    CredentialsRepository,
    JwtKeysRepository,
    TokenUsesRepository,
    RegistryJwt,
    TokenUses,
    TokenLiveness,
    Credentials,
    AuthGuard,
    OptionalAuthGuard,
  ],
  exports: [Credentials, RegistryJwt, TokenUses, TokenLiveness, AuthGuard, OptionalAuthGuard],
})
export class AuthModule {}
