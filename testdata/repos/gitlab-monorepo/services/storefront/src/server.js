const express = require("express");
const app = express();
app.get("/", (_req, res) => res.send("shop"));
module.exports = app;
