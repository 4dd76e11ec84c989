package jp.jukihub.nation;

import java.time.LocalDate;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;
import jp.jukihub.person.Sex;

/** One generated resident, as the municipal tier records them. */
public record SyntheticResident(
    long personId,
    LgCode municipality,
    ResidentCode residentCode,
    MyNumber myNumber,
    long householdId,
    String relationship,
    PersonName name,
    BirthDate birthDate,
    Sex sex,
    String addressRest,
    LocalDate registeredOn) {}
