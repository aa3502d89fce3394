#!/usr/bin/env node
// A committed shim, so that installing the workspace can link the command before dist/ is built.
import "../dist/cli.js";
