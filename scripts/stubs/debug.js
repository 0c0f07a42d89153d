// Bundled in place of the `debug` package, which docker-modem loads to trace requests when DEBUG=modem is set:
// an extension host has no terminal for that trace, and the package (with supports-color and ms) is 10 KB.
'use strict';
function createDebug() {
  const log = () => {};
  log.enabled = false;
  log.extend = createDebug;
  return log;
}
createDebug.enable = () => {};
createDebug.disable = () => '';
createDebug.enabled = () => false;
module.exports = createDebug;
module.exports.default = createDebug;
