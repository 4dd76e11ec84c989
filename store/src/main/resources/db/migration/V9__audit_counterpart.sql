-- The other body of an exchange on the information-provision network (番号法 art. 23 wants the
-- requester's, the provider's and the network's records each to name both bodies): the provider on
-- the requester's record, the requester on the provider's and the network's. Null on every other
-- record, and on every record written before it existed; the hash covers it only when present (see
-- jp.jukihub.audit.RecordHasher), so those records verify unchanged.
--
-- Added on the partitioned parent, it reaches every partition, those that exist and those the
-- writer creates later. Nullable without a default: no partition is rewritten. No index: every
-- index costs each insert (see V2), and the auditor finds exchanges by time, body or request id.
ALTER TABLE audit.record ADD COLUMN counterpart text;
