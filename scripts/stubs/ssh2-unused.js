// Bundled in place of ssh2's lib/server.js and lib/keygen.js: Mender Swarm is an ssh client of a Docker engine,
// never an ssh server, and never generates keys (about 25 KB of the features bundle).
'use strict';
class Server {
  constructor() {
    throw new Error('an ssh server is not part of the Mender Swarm bundle');
  }
}
module.exports = Server;
