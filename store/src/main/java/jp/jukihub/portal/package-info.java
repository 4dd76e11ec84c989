/**
 * My Portal (マイナポータル), the store's side: a resident's access history read from the audit trail,
 * their identity record, the copies bodies hold about them, and the notices the notice lane makes
 * for them. A resident is found in the trail under two subjects, their person id and the provision
 * records' pseudonymous subject ({@code NetworkKey.recordSubject}); every reader here takes both.
 */
package jp.jukihub.portal;
