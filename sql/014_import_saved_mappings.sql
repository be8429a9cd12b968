-- Saved header mappings (issue 12 "a saved mapping per template"): when a user confirms how the
-- columns of a file map to an import kind's fields, the mapping can be kept for that kind and that
-- exact header, and is applied by itself the next time a file with the same header arrives.
--
-- Shared by every user who may import the kind (bureau and county alike): a mapping says only
-- which column of a template holds which field, no data, and a province's list or a county's
-- ledger has the same layout wherever it is uploaded. One mapping per (kind, header): saving
-- again replaces it.
--
-- header_signature is the SHA-256 (hex) of the header cells after normaliseHeader (full-width
-- folded, spaces and the required mark dropped), joined by U+001F; header keeps the header as it
-- was written (JSON array), for the list; mapping is a JSON object: header text → field key, or
-- null for a column to ignore.
CREATE TABLE import_saved_mapping (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL,
  header_signature TEXT NOT NULL CHECK (length(header_signature) = 64),
  header           TEXT NOT NULL,
  mapping          TEXT NOT NULL,
  saved_by         TEXT NOT NULL,               -- login
  saved_at         TEXT NOT NULL,
  UNIQUE (kind, header_signature)
) STRICT;
