// Preloaded (`node --require`) only when bench/profile.ts runs a pack under --cpu-prof: node writes
// the profile on a normal exit, not when a signal kills the process, and run-policy-pack installs no
// signal handler. The engine stops an analyzer by killing it; here SIGINT exits normally instead.
process.on("SIGINT", () => process.exit(0));
