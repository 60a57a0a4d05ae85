// restify 11 (pinned: restify 12 needs Node 22) reaches process.binding('http_parser') through
// spdy on Node 20, which prints DEP0111 at every start. It is known and harmless; hide only that one.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const code = typeof rest[0] === 'object' ? rest[0]?.code : rest[1];
  if (code === 'DEP0111') return;
  return emitWarning.call(process, warning, ...rest);
};
