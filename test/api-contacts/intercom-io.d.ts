// The 2014-era `intercom.io` client ships no types; only the calls the tests make are declared.
declare module "intercom.io" {
  type Body = Record<string, unknown>;
  type Reply = Promise<Record<string, any>>;
  class Intercom {
    constructor(opts: { personalAccessToken: string; endpoint?: string } | { appId: string; apiKey: string; endpoint?: string });
    createUser(user: Body): Reply;
    updateUser(user: Body): Reply;
    getUser(query: Body): Reply;
    viewUser(query: Body): Reply;
    getUsers(query?: Body): Reply;
    deleteUser(query: Body): Reply;
    createEvent(event: Body): Reply;
    getPages(path: string, query?: Body): Promise<Record<string, any>[]>;
  }
  export = Intercom;
}
