//! Structural checks against `schemas/record.schema.json` with the `jsonschema` crate.

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::Finding;

/// The schema of one native record, compiled once.
pub struct RecordSchema {
    validator: jsonschema::Validator,
}

/// The schema file, built into the binary so that validation needs no files.
pub const SCHEMA_TEXT: &str = include_str!("../../schemas/record.schema.json");

impl RecordSchema {
    /// Compile the schema of one record (`$defs/record`).
    pub fn new() -> Self {
        let full: Value = serde_json::from_str(SCHEMA_TEXT).expect("the built-in schema is JSON");
        let one = serde_json::json!({
            "$schema": full["$schema"],
            "$defs": full["$defs"],
            "$ref": "#/$defs/record",
        });
        let validator = jsonschema::validator_for(&one).expect("the built-in schema compiles");
        RecordSchema { validator }
    }

    /// Every structural problem of one record.
    pub fn check(&self, value: &Value) -> Vec<Finding> {
        let mut out = Vec::new();
        // Most records are valid: the boolean check is far cheaper than collecting errors.
        if self.validator.is_valid(value) {
            return out;
        }
        for e in self.validator.iter_errors(value) {
            let path = e.instance_path.as_str().to_string();
            match &e.kind {
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    for name in unexpected {
                        out.push(
                            Finding::error("unknown-field", format!("{path}/{name}"), format!("unknown field `{name}`"))
                                .help("remove the field or fix its spelling; schemas/record.schema.json lists every field")
                                .at_key(),
                        );
                    }
                }
                ValidationErrorKind::Required { property } => {
                    let name = property.as_str().unwrap_or_default();
                    out.push(
                        Finding::error("missing-field", path, format!("missing field `{name}`"))
                            .help(format!("add `{name}`: it is required here")),
                    );
                }
                ValidationErrorKind::Type { .. } => {
                    out.push(
                        Finding::error("wrong-type", path, e.to_string())
                            .help("see the field's type in schemas/record.schema.json"),
                    );
                }
                ValidationErrorKind::Enum { options } => {
                    out.push(
                        Finding::error(
                            "unknown-value",
                            path,
                            format!("{} is not an allowed value", e.instance),
                        )
                        .help(format!("use one of {options}")),
                    );
                }
                ValidationErrorKind::OneOfNotValid { .. }
                | ValidationErrorKind::OneOfMultipleValid { .. }
                    if path.starts_with("/agents/") =>
                {
                    out.push(
                        Finding::error(
                            "agent-shape",
                            path,
                            "an agent needs exactly one of `person` and `organization`",
                        )
                        .help("split it into two agents, or keep the one that is meant"),
                    );
                }
                ValidationErrorKind::Pattern { pattern } => {
                    out.push(
                        Finding::error(
                            "bad-format",
                            path,
                            format!("{} does not have the expected form", e.instance),
                        )
                        .help(format!("the field must match {pattern}; see schemas/record.schema.json")),
                    );
                }
                _ => {
                    let keyword = e.schema_path.as_str().rsplit('/').next().unwrap_or("schema").to_string();
                    out.push(Finding::error("schema", path, format!("{e} (schema: {keyword})")));
                }
            }
        }
        out
    }
}

impl Default for RecordSchema {
    fn default() -> Self {
        Self::new()
    }
}
