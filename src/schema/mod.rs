//! The model-card metadata JSON Schema (`schemas/modelcard.schema.json`) and validation.
