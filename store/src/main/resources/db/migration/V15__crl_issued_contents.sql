-- Several hub nodes (issue 20): each node signed its own CRLs and took the scope's next number for
-- them, so two nodes served numbers 5 and 6 for one list, and a relying party balanced between them
-- saw the number go back (RFC 5280 5.2.3: numbers only grow). Now the node that takes a scope's
-- next number records what that CRL lists (how many entries, the newest revocation); the other
-- nodes sign the same number and time over the same entries instead of taking numbers of their own.
-- Rows from before stay without contents, and the next check takes a new number for them.
ALTER TABLE jpki.crl ADD COLUMN entries bigint, ADD COLUMN newest_seq bigint;
