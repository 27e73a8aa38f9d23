'use strict';
// @formatjs/bigdecimal (exact decimal arithmetic for number and date formatting), once for
// every Intl module.
module.exports = require('@formatjs/bigdecimal');
