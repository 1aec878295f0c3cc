/** The shared domain core: one barrel for the contract both the phone and the server import. */
export * from './activity';
export * from './format';
export * from './period';
export * from './plan';
export * from './progress';
export * from './report';
export * from './sync';
export * from './text';
export * from './unit';
