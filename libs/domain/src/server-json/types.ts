/**
 * The server.json types, all inferred from the zod schema of the current format (`schema.ts`):
 * the one place server.json is typed. `ServerJson` and its parts are what the schema accepts;
 * `Stored<…>` is how code that reads documents back (the registry's API, mcpm, the web app)
 * sees them: see there.
 */
import type { z } from 'zod';
import type { buildServerJsonSchema } from './schema';

/** A server.json as the current schema describes it. */
export type ServerJson = z.infer<ReturnType<typeof buildServerJsonSchema>>;
export type Repository = NonNullable<ServerJson['repository']>;
export type Icon = NonNullable<ServerJson['icons']>[number];
export type Package = NonNullable<ServerJson['packages']>[number];
/** How a package is reached: stdio, or a URL it serves (streamable-http, sse). */
export type Transport = Package['transport'];
/** A remote: a streamable-http or SSE endpoint, with its headers and URL variables. */
export type Remote = NonNullable<ServerJson['remotes']>[number];
export type Argument = NonNullable<Package['packageArguments']>[number];
export type PositionalArgument = Extract<Argument, { type: 'positional' }>;
export type NamedArgument = Extract<Argument, { type: 'named' }>;
/** A named input: an environment variable of a package, or a header (KeyValueInput in the JSON Schema). */
export type KeyValueInput = NonNullable<Package['environmentVariables']>[number];
export type EnvVar = KeyValueInput;
export type Header = KeyValueInput;
/** The value a `{name}` template in an input refers to (Input in the JSON Schema). */
export type Input = NonNullable<KeyValueInput['variables']>[string];

// ---- Reading stored documents ---------------------------------------------------------------

/** The declared fields of a (loose) object type, without its `[key: string]: unknown`. */
type Declared<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/** The keys any member of the union `T` declares. */
type AnyKey<T> = T extends unknown ? keyof Declared<T> : never;
type RequiredKey<M> = {
  [K in keyof Declared<M>]-?: object extends Pick<Declared<M>, K> ? never : K;
}[keyof Declared<M>];
/** The keys every member of the union `T` requires. */
type RequiredInAll<T, All extends PropertyKey = AnyKey<T>> = Exclude<
  All,
  T extends unknown ? Exclude<All, RequiredKey<T>> : never
>;
/** The type of `K` in whichever members of the union `T` declare it. */
type FieldOf<T, K extends PropertyKey> = T extends unknown
  ? K extends keyof Declared<T>
    ? Exclude<Declared<T>[K], undefined>
    : never
  : never;

type StoredObject<T> = [AnyKey<T>] extends [never]
  ? { [key: string]: Stored<T extends Record<string, infer V> ? V : unknown> }
  : { [K in RequiredInAll<T>]: Stored<FieldOf<T, K>> } & {
      [K in Exclude<AnyKey<T>, RequiredInAll<T>>]?: Stored<FieldOf<T, K>>;
    };

/**
 * A schema type as stored documents may hold it. The registry serves what was published (and
 * mirrored) under any dated format, so readers are lenient where the current schema is strict:
 * a union of objects (arguments, transports, remotes) is one object with every member's fields,
 * those not common to all optional; enumerated strings (`type`, `format`, `registryType`, …)
 * are any string, for values a later format may add. Required fields stay required.
 */
export type Stored<T> = [T] extends [readonly (infer E)[]]
  ? Stored<E>[]
  : [T] extends [string]
    ? string
    : [T] extends [number | boolean | null | undefined]
      ? T
      : [T] extends [object]
        ? StoredObject<T>
        : T;

/** A package as read back: its transport may be absent, which means stdio. */
export type StoredPackage = Omit<Stored<Package>, 'transport'> & { transport?: Stored<Transport> };
export type StoredRemote = Stored<Remote>;
/** Any input of a server.json: an argument, an environment variable, a header or a `{name}` variable. */
export type StoredInput = Stored<Argument | KeyValueInput | Input>;
/** A server.json as read back from a registry (see `Stored`). */
export type StoredServerJson = Omit<Stored<ServerJson>, 'packages'> & { packages?: StoredPackage[] };
