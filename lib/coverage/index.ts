/**
 * Coverage comparison across outlets (issue 8): the pure model, outlet identity, filters, exports.
 * The dashboard, the CLI `coverage` command and the tests import from here.
 */
export * from './model';
export * from './outlet';
export * from './units';
export * from './filter';
export * from './export';
