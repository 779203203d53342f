-- Session Console's audit and task store, version 1. Times are milliseconds since the epoch (UTC); a task's
-- session ids and outcomes are JSON text.
CREATE TABLE sc_task_id (
  id TINYINT NOT NULL PRIMARY KEY,
  last_id BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT INTO sc_task_id (id, last_id) VALUES (1, 0);
CREATE TABLE sc_task (
  task_id BIGINT NOT NULL PRIMARY KEY,
  requested_ms BIGINT NOT NULL,
  actor VARCHAR(255) NOT NULL,
  instance_id VARCHAR(64) NOT NULL,
  shard_id VARCHAR(64) NULL,
  shard_serial_id VARCHAR(64) NULL,
  mode VARCHAR(16) NOT NULL,
  session_ids TEXT NOT NULL,
  process_id VARCHAR(255) NOT NULL,
  status TINYINT NOT NULL,
  finished_ms BIGINT NULL,
  detail TEXT NULL,
  outcomes MEDIUMTEXT NULL
) ENGINE=InnoDB;
CREATE TABLE sc_refusal (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at_ms BIGINT NOT NULL,
  actor VARCHAR(255) NOT NULL,
  instance_id VARCHAR(255) NULL,
  shard_id VARCHAR(255) NULL,
  shard_serial_id VARCHAR(255) NULL,
  mode VARCHAR(16) NULL,
  session_ids TEXT NULL,
  session_ids_given INT NULL,
  code VARCHAR(80) NOT NULL,
  message TEXT NULL,
  repeats BIGINT NOT NULL DEFAULT 0,
  repeats_until_ms BIGINT NULL
) ENGINE=InnoDB;
CREATE TABLE sc_process (
  process_id VARCHAR(255) NOT NULL PRIMARY KEY,
  heartbeat_ms BIGINT NOT NULL
) ENGINE=InnoDB;
CREATE TABLE sc_console_connection (
  server VARCHAR(255) NOT NULL,
  thread_id BIGINT NOT NULL,
  process_id VARCHAR(255) NOT NULL,
  PRIMARY KEY (server, thread_id),
  KEY sc_console_connection_process (process_id)
) ENGINE=InnoDB;
