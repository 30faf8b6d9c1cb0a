-- The API's least-privilege login (docker-compose): a member of hcc_api, to which the migrations grant row access and
-- insert-only access to the audit trail. The migrations themselves run as the owner (POSTGRES_USER).
CREATE ROLE hcc_api NOLOGIN;
CREATE ROLE hcc_app LOGIN PASSWORD 'hcc-app-local-only' IN ROLE hcc_api;
