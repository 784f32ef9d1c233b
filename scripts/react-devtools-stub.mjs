// Ink imports react-devtools-core only when DEV=true; the bundle gets this empty stand-in.
export default { initialize() {}, connectToDevTools() {} };
