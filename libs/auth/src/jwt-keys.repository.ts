import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, jwtKeys } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { eq } from 'drizzle-orm';

/** The public keys registry JWTs are signed with (`jwt_keys`, by key id), shared by every process. */
@Injectable()
export class JwtKeysRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async publish(kid: string, publicKeyPem: string): Promise<void> {
    await this.db.insert(jwtKeys).values({ kid, publicKey: publicKeyPem }).onConflictDoNothing();
  }

  async publicKey(kid: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ publicKey: jwtKeys.publicKey })
      .from(jwtKeys)
      .where(eq(jwtKeys.kid, kid))
      .limit(1);
    return row?.publicKey;
  }
}
