const test = require("node:test");
const assert = require("node:assert");
test("app exists", () => assert.ok(require("./server")));
