import Scoring

/// `GET /v1/openapi.json`: the API described in OpenAPI 3.1. The result objects' columns are
/// those of the command line (docs/scoring.md); the schema lists the request fields, which
/// mirror the commands' options (`--block-size` is `block_size`).
enum OpenAPIDocument {
    static let json: String = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "acss serve",
    "version": "\#(ACSSVersion.string)",
    "description": "Algorithmic complexity (Coding Theorem Method, BDM) of short strings and binary arrays. Every result object has the keys and values of the matching `acss COMMAND --format json` row (columns documented in docs/scoring.md); a sequence that fails gets a row with its text and an `error`, the others are still scored. Request-level problems (bad JSON, a field of the wrong type, a value out of range) are 400 with {\"error\": message, \"field\": name}."
  },
  "paths": {
    "/v1/score": {"post": {"summary": "K, D, likelihoods, z, percentile, entropy, alternations, change complexity (acss score)",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScoreRequest"}}}},
      "responses": {"200": {"$ref": "#/components/responses/Results"}, "400": {"$ref": "#/components/responses/Error"}}}},
    "/v1/local": {"post": {"summary": "K of every window of span symbols (acss local)",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LocalRequest"}}}},
      "responses": {"200": {"$ref": "#/components/responses/Results"}, "400": {"$ref": "#/components/responses/Error"}}}},
    "/v1/bdm": {"post": {"summary": "Block Decomposition Method, 1-D strings or 2-D binary arrays (acss bdm)",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BDMRequest"}}}},
      "responses": {"200": {"$ref": "#/components/responses/Results"}, "400": {"$ref": "#/components/responses/Error"}}}},
    "/v1/reference": {"post": {"summary": "Mean and SD of K over all strings of a length (acss reference)",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceRequest"}}}},
      "responses": {"200": {"$ref": "#/components/responses/Results"}, "400": {"$ref": "#/components/responses/Error"}}}},
    "/v1/tables": {"get": {"summary": "The table catalogue: each table's figures, whether this server has it, its SHA-256",
      "responses": {"200": {"description": "{\"tables\": [{name, dimensions, alphabet, max_length, default, available, file, sha256, space, step_cap, machines, samples, halting}]}", "content": {"application/json": {}}}}}},
    "/v1/version": {"get": {"summary": "The toolkit's version", "responses": {"200": {"description": "{\"name\": \"acss\", \"version\": \"...\"}", "content": {"application/json": {}}}}}},
    "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "{\"status\": \"ok\"}", "content": {"application/json": {}}}}}},
    "/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}}}},
    "/": {"get": {"summary": "The web calculator (one self-contained HTML page over this API)", "responses": {"200": {"description": "HTML", "content": {"text/html": {}}}}}}
  },
  "components": {
    "schemas": {
      "Sequences": {"type": "array", "items": {"type": "string"}, "description": "One symbol per character (HTHHTHTT) or symbols separated by commas or spaces (\"10,3,4\"); with 2d, arrays with rows separated by '/' (000/010/000). At most the server's --max-sequences items of at most --max-length bytes."},
      "ScoreRequest": {"type": "object", "additionalProperties": false, "required": ["sequences"], "properties": {
        "sequences": {"$ref": "#/components/schemas/Sequences"},
        "alphabet": {"type": "integer", "minimum": 2, "maximum": 9, "description": "possible symbols; default: inferred per string"},
        "prior": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1, "default": 0.5},
        "strict": {"type": "boolean", "default": false},
        "flavour": {"enum": ["acss", "standard"], "default": "acss"},
        "block_size": {"type": "integer", "minimum": 2, "maximum": 12},
        "step": {"type": "integer", "minimum": 1, "maximum": 12},
        "boundary": {"enum": ["ignore", "recursive"]},
        "change_complexity": {"enum": ["ag", "acss"], "default": "ag"},
        "force_z": {"type": "boolean", "default": false},
        "table": {"type": "string", "description": "a table name from /v1/tables (D6-T1000, K.4, ...; with 2d G5-T2000 or G4-T2000)"},
        "2d": {"type": "boolean", "default": false, "description": "score binary arrays with the exact 2-D table"},
        "shape": {"type": "string", "description": "with 2d: ROWSxCOLUMNS for flattened arrays, e.g. 3x3"}}},
      "LocalRequest": {"type": "object", "additionalProperties": false, "required": ["sequences"], "properties": {
        "sequences": {"$ref": "#/components/schemas/Sequences"},
        "alphabet": {"type": "integer", "minimum": 2, "maximum": 9},
        "span": {"type": "integer", "minimum": 2, "maximum": 17, "default": 5},
        "mean": {"type": "boolean", "default": false},
        "table": {"type": "string"}}},
      "BDMRequest": {"type": "object", "additionalProperties": false, "required": ["sequences"], "properties": {
        "sequences": {"$ref": "#/components/schemas/Sequences"},
        "alphabet": {"type": "integer", "minimum": 2, "maximum": 9},
        "flavour": {"enum": ["acss", "standard"]},
        "block_size": {"type": "integer", "description": "2...12; with 2d 2...4 (default 4)"},
        "step": {"type": "integer", "minimum": 1, "maximum": 12},
        "boundary": {"enum": ["ignore", "recursive", "correlated"], "description": "correlated: 2d only"},
        "blocks": {"type": "boolean", "default": false, "description": "one row per distinct block"},
        "table": {"type": "string"},
        "2d": {"type": "boolean", "default": false},
        "shift": {"type": "integer", "description": "2d, boundary correlated"},
        "min_length": {"type": "integer", "description": "2d, boundary recursive"},
        "normalized": {"type": "boolean", "default": false, "description": "strings: add nbdm and bdm_per_symbol (docs/aid.md)"},
        "block_entropy": {"type": "boolean", "default": false, "description": "strings: add block_entropy and block_entropy_normalized"},
        "given": {"type": "string", "description": "strings: add conditional_bdm, bdm_given, joint_bdm and mutual_information given this sequence"}}},
      "ReferenceRequest": {"type": "object", "additionalProperties": false, "required": ["alphabet"], "properties": {
        "alphabet": {"type": "integer", "minimum": 2, "maximum": 9},
        "length": {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]+(-[0-9]+)?$"}], "default": "1-12"},
        "table": {"type": "string"}}}
    },
    "responses": {
      "Results": {"description": "{\"results\": [one object per row, with the keys of the command's --format json]}", "content": {"application/json": {"schema": {"type": "object", "properties": {"results": {"type": "array", "items": {"type": "object"}}}}}}},
      "Error": {"description": "the request cannot be read: {\"error\": message, \"field\": name}", "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}, "field": {"type": "string"}}}}}}
    }
  }
}

"""#
}
