export { loadConfig, parseConfig, ConfigError, type AppConfig } from './config.js';
