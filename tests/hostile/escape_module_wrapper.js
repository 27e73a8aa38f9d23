// Closes the CommonJS wrapper early to run code at global scope: it is still just top-level
// code of this action, and what is left is no function, so the action is refused when it loads.
// expect: invalid_action
}); globalThis.escaped = true; ({
