// A CommonJS consumer (e.g. an MCP server): sanitizes the JSON given as its argument.
const { sanitizeProps } = require("widget-guard");

process.stdout.write(JSON.stringify(sanitizeProps(JSON.parse(process.argv[2])).value));
