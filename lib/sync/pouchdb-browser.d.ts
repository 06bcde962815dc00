/** pouchdb-browser ships no types; lib/sync/pouch.ts types the part Sourcelight uses. */
declare module 'pouchdb-browser' {
  const PouchDB: unknown;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
