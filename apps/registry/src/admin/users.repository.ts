import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, users } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { eq } from 'drizzle-orm';

export interface UserRef {
  id: string;
  login: string;
}

/** Users by login (the users table; GitHub sign-in writes its own rows in identity/). */
@Injectable()
export class UsersRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /** The user with this login, in any case. */
  async byLogin(login: string): Promise<UserRef | undefined> {
    const [u] = await this.db
      .select({ id: users.id, login: users.login })
      .from(users)
      .where(eq(users.login, login.toLowerCase()))
      .limit(1);
    return u;
  }

  /** A user without GitHub; false when the login is taken. */
  async create(login: string, name: string | undefined): Promise<boolean> {
    const rows = await this.db.insert(users).values({ login, name }).onConflictDoNothing().returning();
    return rows.length > 0;
  }

  /** The GitHub organizations the user's last GitHub sign-in showed; undefined for no such user. */
  async githubOrgsOf(userId: string): Promise<string[] | undefined> {
    const [u] = await this.db.select({ githubOrgs: users.githubOrgs }).from(users).where(eq(users.id, userId)).limit(1);
    return u?.githubOrgs;
  }
}
