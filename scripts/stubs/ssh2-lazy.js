// Bundled in place of `ssh2` where docker-modem requires it: ssh2 (with its crypto, ~300 KB) is a bundle of its own,
// dist/ssh2.js, loaded the first time an ssh:// engine is connected. docker-modem only ever does `new Client()`.
'use strict';
const path = require('path');
function Client(...args) {
  const Real = require(path.join(__dirname, 'ssh2.js')).Client;
  return new Real(...args);
}
module.exports = { Client };
