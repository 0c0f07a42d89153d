// Bundled in place of dockerode's lib/session.js and lib/buildkit.js (and of tar-fs, which its util loads for
// build contexts): they load @grpc/grpc-js and protobufjs
// (about 400 KB) for BuildKit image builds, which Mender Swarm never runs (swarm deploys images, it does not build).
'use strict';
function notHere() {
  throw new Error('image builds (BuildKit sessions) are not part of the Mender Swarm bundle');
}
module.exports = notHere;
module.exports.followProgress = notHere;
// tar-fs: dockerode packs a build context with it.
module.exports.pack = notHere;
module.exports.extract = notHere;
