-- Drops the settlement tests' helper schema (its functions use medins types).
SET client_min_messages = warning;
DROP SCHEMA settle_test CASCADE;
RESET client_min_messages;
