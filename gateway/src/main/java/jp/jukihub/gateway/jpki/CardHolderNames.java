package jp.jukihub.gateway.jpki;

import java.time.format.DateTimeFormatter;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * The 4 info as a signing certificate's subjectAltName carries them: one otherName each under
 * J-LIS's arc 1.2.392.200149.8.5.5. The substitute-character entries (.2 name, .6 address) are left
 * out: they stand for characters outside JIS, and the hub keeps names as Unicode.
 */
final class CardHolderNames {
  static final ASN1ObjectIdentifier ARC = new ASN1ObjectIdentifier("1.2.392.200149.8.5.5");
  static final ASN1ObjectIdentifier NAME = ARC.branch("1");
  static final ASN1ObjectIdentifier SEX = ARC.branch("3");
  static final ASN1ObjectIdentifier BIRTH_DATE = ARC.branch("4");
  static final ASN1ObjectIdentifier ADDRESS = ARC.branch("5");

  private CardHolderNames() {}

  static GeneralNames of(CardHolder holder) {
    return new GeneralNames(
        new GeneralName[] {
          otherName(NAME, new DERUTF8String(holder.name())),
          // The resident record's sex code is the profile's: 1 male, 2 female.
          otherName(SEX, new DERPrintableString(Integer.toString(holder.sex().code()))),
          otherName(
              BIRTH_DATE,
              new DERPrintableString(holder.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE))),
          otherName(ADDRESS, new DERUTF8String(holder.address()))
        });
  }

  private static GeneralName otherName(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new GeneralName(GeneralName.otherName, new OtherName(type, value));
  }
}
