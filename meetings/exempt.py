"""Schedule 12A to the Local Government Act 1972: the seven descriptions of exempt information."""

from django.db import models


class ExemptParagraph(models.IntegerChoices):
    INDIVIDUAL = 1, "1. Information relating to any individual"
    IDENTITY = 2, "2. Information likely to reveal the identity of an individual"
    FINANCIAL = 3, "3. Financial or business affairs of any particular person"
    LABOUR_RELATIONS = 4, "4. Consultations or negotiations on labour relations"
    LEGAL_PRIVILEGE = 5, "5. Legal professional privilege"
    NOTICES_ORDERS = 6, "6. Proposed notices, orders or directions"
    CRIME = 7, "7. Prevention, investigation or prosecution of crime"
