export * from './registry.module';
export * from './servers/servers.service';
export * from './servers/server-version.record';
export * from './publish/publish.service';
export * from './tokens/tokens.service';
export * from './tokens/token.repository';
export * from './auth/principal';
export * from './main';
