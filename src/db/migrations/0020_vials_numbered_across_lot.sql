-- Vials are numbered across their lot, not per delivery.
--
-- A vial was numbered 1..n within its receipt, so a lot delivered twice had two "lot K2301, vial 1": a nurse
-- choosing the vial to draw from, a witness to a waste, or an inspector reading the dispensing log could not
-- tell them apart by their label. A vial's number is now unique within its organization, product and lot: a
-- later delivery of the lot goes on from the last number (receipts take the lot's advisory lock first).
--
-- The first delivery of each lot keeps its numbers; later deliveries of the lot are renumbered after it, in the
-- order they were recorded. Ledger entries refer to a vial by its id, so
-- no entry changes. The update goes in two steps: each row is checked against UNIQUE (receipt_id, number) as
-- it is updated, and a delivery moved up by fewer than its own size would meet its own next vial.

CREATE TEMPORARY TABLE vial_renumbering ON COMMIT DROP AS
  SELECT id, n FROM (
    SELECT v.id, v.number,
           row_number() OVER (PARTITION BY v.organization_id, v.product_id, v.lot
                              ORDER BY r.recorded_at, r.id, v.number)::int AS n
      FROM cs_vials v JOIN cs_receipts r ON r.id = v.receipt_id) numbered
   WHERE number <> n;

UPDATE cs_vials v SET number = v.number + 1000000 FROM vial_renumbering m WHERE v.id = m.id;
UPDATE cs_vials v SET number = m.n, version = v.version + 1 FROM vial_renumbering m WHERE v.id = m.id;

CREATE UNIQUE INDEX cs_vials_lot_number_key ON cs_vials (organization_id, product_id, lot, number);
