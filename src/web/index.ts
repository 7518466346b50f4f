export { createApp, startServer, type RunningServer, type WebOptions } from './server.js';
export { hashPassword, verifyPassword } from './auth.js';
