// Injected by build.mjs into the Intl modules as their `Intl`: the namespace's own view of
// itself (lib/internal/intl.js, polyfillIntl), not the global an action may replace.
import { internals } from 'internal/intl';

export const Intl = internals.polyfillIntl;
