-- ketaclinic foundation: the clinic group (organization) and its sites (locations).
-- Every clinical row added later carries organization_id and is scoped by it.

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- IANA zone: clinic-local dates (series planning, "today's questionnaires") are computed in it.
  time_zone text NOT NULL DEFAULT 'America/New_York',
  -- Public contact details shown on the site (name, address, phone, hours): settings, not code.
  phone text,
  email text,
  website text,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE locations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address_line1 text,
  address_line2 text,
  city text,
  state text,
  postal_code text,
  phone text,
  -- Opening hours per ISO weekday (1 = Monday): [{ "day": 1, "opens": "08:00", "closes": "18:00" }]
  opening_hours jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organization_id, name)
);
CREATE INDEX locations_organization_idx ON locations (organization_id);
