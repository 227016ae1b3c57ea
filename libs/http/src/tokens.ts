export const HUB_DB = Symbol('HUB_DB');
export const HUB_DB_KIND = Symbol('HUB_DB_KIND');
