/**
 * Loaded by `npm start` right after tsx: tsx turns Node's source maps on, and Node then keeps
 * one for every module it loads — megabytes the bot's resident memory (target ≤ 200 MB) cannot
 * spare. Error logs keep their function and file names; line numbers are those of the code
 * tsx produced rather than of the .ts file.
 */
process.setSourceMapsEnabled(false)
