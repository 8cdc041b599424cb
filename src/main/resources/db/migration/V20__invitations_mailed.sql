-- V20: whether the service mailed an invitation's token to the invited address itself. A mailed
-- token reached that mailbox, so accepting it proves the address (and marks it verified); a token
-- returned to the inviting admin (tenant-auth.invitation.return-token) proves nothing about it, and
-- accepting one needs an address that is already verified. Rows from before were mailed or
-- returned without a record of which: false, the cautious reading. A constant default: no rewrite.
ALTER TABLE invitations ADD COLUMN mailed boolean NOT NULL DEFAULT false;
