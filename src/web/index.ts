export { createApp, startServer, type RunningServer, type WebOptions } from './server.js';
