// An ES module consumer in Node: sanitizes the JSON given as its argument.
import { sanitizeProps } from "widget-guard";

process.stdout.write(JSON.stringify(sanitizeProps(JSON.parse(process.argv[2])).value));
