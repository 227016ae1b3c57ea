import dns2 from 'dns2';

const { Packet } = dns2;

/** Answers a test can force for one name instead of its records. */
export type FakeDnsFailure = 'SERVFAIL' | 'REFUSED';

export interface FakeDnsServer {
  /** `127.0.0.1:<port>`, ready for `Resolver#setServers` or a `dnsServers` option. */
  readonly address: string;
  readonly port: number;
  /** Every name asked for, lower-cased, in order. */
  readonly queries: string[];
  /**
   * Serves TXT records at `name`. A record is one string (split into 255-byte character-strings
   * as DNS requires) or its character-strings given explicitly. `[]` makes the name exist
   * without TXT records (NODATA).
   */
  setTxt(name: string, records: Array<string | string[]>): void;
  /** Answers every query for `name` with this response code. */
  fail(name: string, rcode: FakeDnsFailure): void;
  /** While true, queries are read and never answered, as by a server that has gone quiet. */
  silent: boolean;
  close(): Promise<void>;
}

/**
 * A small authoritative DNS server on a free UDP port of 127.0.0.1, for tests that run real
 * lookups through node:dns. Names it was not told about answer NXDOMAIN, except parents of names
 * it holds, which exist without records (NODATA), as in a real zone.
 */
export async function startFakeDnsServer(): Promise<FakeDnsServer> {
  const zone = new Map<string, string[][]>();
  const failures = new Map<string, FakeDnsFailure>();
  const queries: string[] = [];
  const canonical = (name: string) => name.toLowerCase().replace(/\.$/, '');

  const server = dns2.createUDPServer((request, send) => {
    if (fake.silent) return;
    const question = request.questions[0];
    if (!question) return;
    const name = canonical(question.name);
    queries.push(name);
    const failure = failures.get(name);
    const records = zone.get(name);
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    if (failure) {
      response.header.rcode = Packet.RCODE[failure];
    } else if (records) {
      if (question.type === Packet.TYPE.TXT) {
        for (const data of records)
          response.answers.push(
            Packet.createResourceFromQuestion(question, {
              type: Packet.TYPE.TXT,
              class: Packet.CLASS.IN,
              ttl: 0,
              data,
            }),
          );
      }
    } else if (![...zone.keys()].some((held) => held.endsWith(`.${name}`))) {
      response.header.rcode = Packet.RCODE.NXDOMAIN;
    }
    void send(response);
  });
  await server.listen(0, '127.0.0.1');
  const { port } = server.address();

  const fake: FakeDnsServer = {
    address: `127.0.0.1:${port}`,
    port,
    queries,
    silent: false,
    setTxt(name, records) {
      failures.delete(canonical(name));
      zone.set(
        canonical(name),
        records.map((r) => (typeof r === 'string' ? chunk(r) : r)),
      );
    },
    fail(name, rcode) {
      failures.set(canonical(name), rcode);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

function chunk(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const strings: string[] = [];
  for (let i = 0; i < bytes.length; i += 255) strings.push(bytes.subarray(i, i + 255).toString('utf8'));
  return strings.length ? strings : [''];
}
