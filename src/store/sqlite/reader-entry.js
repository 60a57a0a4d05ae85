// Entry of a SQLite reader thread. A worker thread does not inherit the tsx loader that the thread
// starting it registered (bin/flowwatch.js), so it registers its own before loading TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./reader-thread.ts');
