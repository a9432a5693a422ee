/**
 * Validation of report documents against their JSON Schema (reports/schema/claims-report.v1.json,
 * draft 2020-12) with ajv. Used by the writers (a report that does not validate is named as such)
 * and by the tests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { REPO_ROOT } from "../runtime/files.js";
import { REPORT_SCHEMA_PATH } from "./document.js";

let validator: ValidateFunction | null = null;

/** The compiled validator of the current schema version. */
function compiled(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, REPORT_SCHEMA_PATH), "utf8")) as object;
  validator = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return validator;
}

/** The ways `doc` (parsed claims.json) departs from the schema, one line each (empty: valid). */
export function schemaErrors(doc: unknown): string[] {
  const v = compiled();
  if (v(doc)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`);
}
