-- Version 2: the signed requests already seen, shared by every serve replica on this store, so that a request
-- captured on its way to one replica cannot be sent again to another within the signature window. A claim is
-- the first 16 bytes of a SHA-256 over the SecretId and the TC3 signature (or the v1 Nonce); no request content.
CREATE TABLE sc_request_claim (
  claim BINARY(16) NOT NULL PRIMARY KEY,
  first_seen_ms BIGINT NOT NULL,
  expires_s BIGINT NOT NULL,
  owner BIGINT NOT NULL,
  KEY sc_request_claim_expiry (expires_s)
) ENGINE=InnoDB;
