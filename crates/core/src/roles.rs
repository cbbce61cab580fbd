//! Column roles: what a column means for segmentation and personas.
//!
//! A role is suggested from the header first, in English, German, French, Spanish, Dutch and
//! Portuguese (headers are lower-cased, accents folded and `_-./` read as spaces, then matched
//! by word: see [`role_from_header`]), then checked against the values: a numeric column never
//! gets a text role, a customer id needs many distinct values, a satisfaction score a
//! satisfaction scale, a date role dates. Without a header match (or when the values contradict
//! it) the values decide: a free-text column is feedback, a list column is interests, a column
//! of `m`/`f`/`female` values (or a yes/no column named `female`) is gender, and any other
//! number, yes/no or category is an **attribute**, used in segments and personas like any
//! role. Ids, free text and near-unique columns stay out. Finally [`review_file`] checks the
//! file as a whole. Every suggestion keeps its reason; the user can change every role.

use serde::{Deserialize, Serialize};

pub use crate::schema::Role;
use crate::schema::{ColumnProfile, ColumnType, FileKind};

/// Header synonyms per role, already normalised (see [`normalise_header`]).
const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::CustomerId,
        &[
            "customer id",
            "customerid",
            "customer no",
            "customer number",
            "customer nr",
            "cust id",
            "client id",
            "clientid",
            "client no",
            "user id",
            "userid",
            "member id",
            "account id",
            "contact id",
            "buyer id",
            "buyer user id",
            "buyer username",
            "kunden id",
            "kundenid",
            "kundennummer",
            "kunden nr",
            "kundennr",
            "=kunde",
            "id client",
            "numero client",
            "no client",
            "n client",
            "code client",
            "identifiant client",
            "id cliente",
            "cliente id",
            "numero cliente",
            "codigo cliente",
            "id del cliente",
            "klant id",
            "klantid",
            "klantnummer",
            "klantnr",
            "id do cliente",
            "=customer",
            // a marketplace's items report names the buyer alone (Etsy's `Buyer`, Mercado
            // Libre's `Comprador`)
            "=buyer",
            "=comprador",
            "=compradora",
            "=client",
            "=cliente",
            "=klant",
            "customer code",
            // a warehouse's keys (a star schema's `CustomerKey`, TPC-H's `O_CUSTKEY`, a
            // surrogate key's `customer_sk`)
            "customer key",
            "customerkey",
            "cust key",
            "custkey",
            "customer sk",
            "cust sk",
            "client key",
            // a billing tool's account (Recurly's `account_code`, Zuora's `Account Number`)
            "account code",
            "account number",
            "account no",
            "person id",
            "distinct id",
            "visitor id",
            "anonymous id",
            "user pseudo id",
            "shopper id",
            "subscriber id",
            "custno",
            "cust no",
            // a card issuer's `CLIENTNUM`
            "=clientnum",
            "=custnum",
            "client num",
            "cust num",
            "customer num",
            "=kdnr",
            "kd nr",
            // KKBox's churn data set names its members `msno` in every table
            "=msno",
            // a purchase panel's buyer is a household (dunnhumby's `household_key`, a scanner
            // panel's `Household ID`)
            "household id",
            "household key",
            "household number",
            "household no",
            "=hh id",
            "=hhid",
            "=hh key",
        ],
    ),
    (
        Role::Age,
        &[
            "age",
            "alter",
            "lebensalter",
            "edad",
            "leeftijd",
            "idade",
            "birth year",
            "year of birth",
            // a marketing data set's `Year_Birth`
            "=year birth",
            "yob",
            "birthyear",
            "geburtsjahr",
            "annee de naissance",
            "ano de nacimiento",
            "geboortejaar",
            "ano de nascimento",
            "date of birth",
            "dob",
            "birthdate",
            "birth date",
            "birthday",
            "geburtsdatum",
            "date de naissance",
            "fecha de nacimiento",
            "geboortedatum",
            "data de nascimento",
            "age group",
            "age band",
            "altersgruppe",
            "tranche d age",
            "age range",
        ],
    ),
    (
        Role::Gender,
        &[
            "gender",
            "sex",
            "geschlecht",
            "genre",
            "sexe",
            "genero",
            "sexo",
            "geslacht",
            "anrede",
            "salutation",
            "civilite",
            "female",
            "male",
            "is female",
            "is male",
        ],
    ),
    (
        Role::Location,
        &[
            "city",
            "town",
            "region",
            "=state",
            "province",
            "country",
            "postcode",
            "postal code",
            "zip",
            "zip code",
            "zipcode",
            "location",
            "=address",
            "county",
            "district",
            "stadt",
            "=ort",
            "wohnort",
            "=land",
            "bundesland",
            "plz",
            "postleitzahl",
            "ville",
            "pays",
            "code postal",
            "departement",
            "ciudad",
            "pais",
            "provincia",
            "codigo postal",
            "stad",
            "woonplaats",
            "plaats",
            "postcode nl",
            "provincie",
            "cidade",
            "=estado",
            "cep",
            "=market",
            "=area",
            "=geo",
            "country code",
            "=cc",
            "ship state",
            "shipping state",
            "billing state",
            "timezone",
            "time zone",
        ],
    ),
    (
        Role::Income,
        &[
            "income",
            "annual income",
            "household income",
            "salary",
            "earnings",
            "einkommen",
            "gehalt",
            "jahreseinkommen",
            "revenu",
            "revenus",
            "salaire",
            "ingresos",
            "ingreso",
            "salario",
            "inkomen",
            "salaris",
            "renda",
            "rendimento",
            "income band",
            "income bracket",
        ],
    ),
    (
        Role::Occupation,
        &[
            "occupation",
            "=job",
            "job title",
            "profession",
            "employment",
            "=work",
            "beruf",
            "taetigkeit",
            "tatigkeit",
            "metier",
            "emploi",
            "ocupacion",
            "profesion",
            "empleo",
            "beroep",
            "functie",
            "ocupacao",
            "profissao",
            "=industry",
            "=role",
        ],
    ),
    (
        Role::Education,
        &[
            "education",
            "degree",
            "qualification",
            "schooling",
            "bildung",
            "abschluss",
            "ausbildung",
            "bildungsabschluss",
            "education level",
            "niveau d etudes",
            "etudes",
            "diplome",
            "educacion",
            "estudios",
            "nivel educativo",
            "opleiding",
            "opleidingsniveau",
            "educacao",
            "escolaridade",
        ],
    ),
    (
        Role::Household,
        &[
            "marital status",
            "marital",
            "household",
            "household size",
            "family status",
            "children",
            "kids",
            "familienstand",
            "haushalt",
            "haushaltsgrosse",
            "kinder",
            "situation familiale",
            "etat civil",
            "menage",
            "enfants",
            "estado civil",
            "hogar",
            "hijos",
            "burgerlijke staat",
            "huishouden",
            "kinderen",
            "agregado familiar",
            "filhos",
            "civil status",
            "relationship status",
        ],
    ),
    (
        Role::Interests,
        &[
            "interests",
            "interest",
            "hobbies",
            "hobby",
            "interessen",
            "interesse",
            "freizeit",
            "interets",
            "centres d interet",
            "loisirs",
            "intereses",
            "aficiones",
            "interesses",
            "passatempos",
            "=likes",
            "=topics",
            "=passions",
            // a mailing tool's tags (Kit's `Purchased: Course, Newsletter`)
            "=tags",
        ],
    ),
    (
        Role::Values,
        &["=values", "personal values", "werte", "valeurs", "valores", "waarden", "=beliefs", "=priorities"],
    ),
    (
        Role::Lifestyle,
        &[
            "lifestyle",
            "life style",
            "lebensstil",
            "style de vie",
            "estilo de vida",
            "levensstijl",
            "=persona",
            "life stage",
            "lebensphase",
        ],
    ),
    (
        Role::OrderId,
        &[
            "order id",
            "orderid",
            "order key",
            "orderkey",
            "order no",
            "order number",
            "order nr",
            "order reference",
            "order ref",
            "transaction id",
            "transactionid",
            "=invoice",
            "invoice no",
            "invoice number",
            "invoiceno",
            "=receipt",
            "bestellnummer",
            "bestell id",
            "auftragsnummer",
            "rechnungsnummer",
            "numero de commande",
            // `N° commande`, `Nº pedido`: the sign of a number is no letter
            "n commande",
            "n de commande",
            "no commande",
            "no de commande",
            "nº commande",
            "nº de commande",
            "n pedido",
            "n de pedido",
            "nº pedido",
            "nº de pedido",
            "n º pedido",
            "n º de pedido",
            "n facture",
            "no facture",
            "nº facture",
            "numero de facture",
            "belegnummer",
            "bestellnr",
            "auftragsnr",
            "id commande",
            "=commande",
            "numero pedido",
            "numero de pedido",
            "no de pedido",
            "numero de venta",
            "no de venta",
            "id pedido",
            "=pedido",
            "=factura",
            "bestelnummer",
            "order nummer",
            "ordernummer",
            "factuurnummer",
            "numero da encomenda",
            "=encomenda",
            "basket id",
            "purchase id",
        ],
    ),
    (
        Role::OrderDate,
        &[
            "order date",
            "orderdate",
            "purchase date",
            "transaction date",
            "invoice date",
            "invoicedate",
            "date issued",
            "date of purchase",
            "sale date",
            "bestelldatum",
            "kaufdatum",
            "rechnungsdatum",
            "auftragsdatum",
            "date de commande",
            "date d achat",
            "fecha de pedido",
            "fecha de compra",
            "fecha de venta",
            "data da venda",
            "=fecha",
            "besteldatum",
            "aankoopdatum",
            "=datum",
            "data do pedido",
            "data da compra",
            "=date",
            "purchased at",
            "ordered at",
            "=created at",
            "order time",
            "transaction time",
        ],
    ),
    (
        Role::OrderValue,
        &[
            "order value",
            "amount",
            "total revenue",
            "net revenue",
            "gross revenue",
            "total price",
            "totalprice",
            "=total",
            "=revenue",
            "=sales",
            "=price",
            "=spend",
            "order total",
            "total price",
            "total amount",
            "net amount",
            "gross amount",
            "=gross",
            "=brutto",
            "=bruto",
            "=brut",
            "=value",
            "basket value",
            "umsatz",
            "=betrag",
            "=preis",
            "=summe",
            "=wert",
            "bestellwert",
            "gesamtbetrag",
            "=montant",
            "=prix",
            "chiffre d affaires",
            "total ttc",
            // a shop's orders grid (Magento's `Grand Total (Base)`), a billing tool's invoices
            "grand total",
            "invoice total",
            "invoice amount",
            // an invoice's line (FreshBooks' invoice details)
            "line total",
            "=importe",
            "=precio",
            "=ventas",
            "=monto",
            "=bedrag",
            "=omzet",
            "=prijs",
            "=totaal",
            "=valor",
            "=preco",
            "=montante",
            "unit price",
            "unitprice",
            "price each",
            "item price",
            // what an item sold for (a course platform's `Sale Price`, a marketplace's): the
            // whole header only, as a `Total Sale Price` is a line's money, no unit's
            "=sale price",
            "=sales price",
            "=selling price",
            "total sale price",
            "total sales price",
            "total selling price",
            "einzelpreis",
            "prix unitaire",
            "precio unitario",
            "stukprijs",
            "preco unitario",
            "order amount",
            "=monetary",
            "=spent",
            "sale amount",
            "=paid",
            // a till's or a payment service's sales (Square's, a shop's sales report)
            "net sales",
            "gross sales",
            "total sales",
            "total collected",
            "total paid",
            "amount paid",
        ],
    ),
    (
        Role::Quantity,
        &[
            "quantity",
            "qty",
            "=units",
            "=count",
            "=items",
            "=menge",
            "=anzahl",
            "stuck",
            "stueck",
            "quantite",
            "cantidad",
            "unidades",
            "=aantal",
            "quantidade",
            "=pieces",
            "bought",
        ],
    ),
    (
        Role::Discount,
        &[
            "discount",
            "coupon",
            "voucher",
            "promo",
            "promotion",
            "promo code",
            "markdown",
            "rabatt",
            "gutschein",
            "nachlass",
            "remise",
            "reduction",
            "bon de reduction",
            "descuento",
            "cupon",
            "korting",
            "kortingscode",
            "desconto",
            "cupao",
        ],
    ),
    (
        Role::Channel,
        &[
            "channel",
            "sales channel",
            "=source",
            "acquisition channel",
            "=medium",
            "utm source",
            "utm medium",
            // GA4's BigQuery export, flattened (`traffic_source.medium`), and its reports
            "traffic source medium",
            "traffic source source",
            "session medium",
            "session source",
            "first user medium",
            "default channel group",
            "session default channel group",
            "kanal",
            "vertriebskanal",
            "canal",
            "canal de venta",
            "canal de vente",
            "kanaal",
            "verkoopkanaal",
            "=referrer",
            "=platform",
            // (not `Ship Mode`: how an order is shipped is no way the customer came or bought)
            "store type",
        ],
    ),
    (
        Role::Product,
        &[
            "product",
            "product name",
            // what the line sold (Etsy's `Item Name`, Squarespace's `Lineitem name`, a
            // marketplace's listing title)
            "item name",
            "lineitem name",
            "line item name",
            "titulo de la publicacion",
            "product id",
            "sku",
            "=item",
            "=article",
            "=category",
            "item category",
            "main category",
            "=categories",
            "product category",
            "sub category",
            "subcategory",
            "segment product",
            "=brand",
            "=description",
            "produkt",
            // German writes the product's name as one word
            "produktname",
            "produktbezeichnung",
            "artikelname",
            "artikelbezeichnung",
            "=artikel",
            "kategorie",
            "warengruppe",
            "produit",
            "categorie",
            "=article",
            "producto",
            "categoria",
            "=articulo",
            "artikelnaam",
            "categorie nl",
            "produto",
            "stockcode",
            "=department",
            "product line",
            // a listing's colour or size (`Color : Negro`, Etsy's `Variations`)
            "=variant",
            "=variante",
            "=variation",
            "=variations",
        ],
    ),
    (
        Role::EventTime,
        &[
            "event time",
            "event date",
            "timestamp",
            "event timestamp",
            "visit date",
            "session start",
            "occurred at",
            "=time",
            "=datetime",
            "zeitpunkt",
            "zeitstempel",
            "horodatage",
            "date evenement",
            "marca de tiempo",
            "tijdstip",
            "data hora",
            "event ts",
            "=ts",
            "logged at",
        ],
    ),
    (
        Role::EventType,
        &[
            "event type",
            "=event",
            "event name",
            // a studio's or a gym's visits (Mindbody's `Visit Type` of `Hot Yoga`)
            "visit type",
            "=action",
            "=activity",
            "=stage",
            "journey stage",
            "funnel stage",
            "=step",
            "=ereignis",
            "ereignistyp",
            "=aktion",
            "=phase",
            "=evenement",
            "type d evenement",
            "=etape",
            "=evento",
            "tipo de evento",
            "=accion",
            "=etapa",
            "=gebeurtenis",
            "=actie",
            "=fase",
            "=acao",
            "lifecycle stage",
        ],
    ),
    (
        Role::Touchpoint,
        &[
            "touchpoint",
            "touch point",
            "=page",
            "page url",
            "=url",
            "=screen",
            "=campaign",
            "campaign name",
            // how a customer came: an ad, a friend, a search
            "referred by",
            "referral source",
            "lead source",
            "acquisition source",
            "=device",
            // (GA4's `device.category`)
            "device category",
            "kontaktpunkt",
            "=seite",
            "kampagne",
            "point de contact",
            "campagne",
            "punto de contacto",
            "=pagina",
            "campana",
            "contactmoment",
            "pagina nl",
            "campanha",
            "ponto de contato",
            "landing page",
        ],
    ),
    (
        Role::FeedbackText,
        &[
            "feedback",
            "comment",
            "comments",
            "=review",
            "review text",
            "=remarks",
            "=notes",
            "=opinion",
            "verbatim",
            "free text",
            "=message",
            "kommentar",
            "bewertung",
            "anmerkung",
            "rueckmeldung",
            "ruckmeldung",
            "commentaire",
            "=avis",
            "=remarque",
            "comentario",
            "comentarios",
            "opinion es",
            "resena",
            "opmerking",
            "opmerkingen",
            "beoordeling",
            "comentario pt",
            "observacoes",
            "=why",
            "=reason",
        ],
    ),
    (
        Role::Satisfaction,
        &[
            "nps",
            "net promoter score",
            "satisfaction",
            "csat",
            "=rating",
            "=score",
            "=stars",
            "star rating",
            "review stars",
            "review rating",
            "review score",
            "survey score",
            "rating score",
            "customer rating",
            "overall rating",
            "likelihood to recommend",
            "=recommend",
            "zufriedenheit",
            "bewertung punkte",
            "weiterempfehlung",
            "satisfaction client",
            "=note",
            "satisfaccion",
            "puntuacion",
            "valoracion",
            "tevredenheid",
            "=cijfer",
            "satisfacao",
            "avaliacao",
        ],
    ),
    (
        Role::Tenure,
        &[
            "tenure",
            "customer tenure",
            "tenure months",
            "account length",
            "account age",
            "months as customer",
            "months active",
            "months on book",
            "years with bank",
            "customer since",
            "member since",
            "client since",
            "first visit",
            "first seen",
            "first active",
            // a customer's first order (a BI tool's customers table beside their last order):
            // when they became one
            "first order date",
            "=first order",
            "date of first order",
            "first purchase date",
            "=first purchase",
            "date of first purchase",
            "first transaction date",
            "first order at",
            "first ordered at",
            "first purchased at",
            "datum erste bestellung",
            "=erste bestellung",
            "erster kauf",
            "date premiere commande",
            "=premiere commande",
            "fecha primera compra",
            "=primera compra",
            "=eerste bestelling",
            "=primeira compra",
            "customer age days",
            "signup date",
            "sign up date",
            "registration date",
            "date registered",
            "registered on",
            "registered at",
            "=registered",
            "join date",
            "joindate",
            "date joined",
            // a mailing list's subscribers (a boolean `Subscribed` is no date, and stays a trait)
            "=subscribed",
            "subscribed at",
            "subscribed on",
            "date subscribed",
            "joined",
            "dt customer",
            "seniority",
            "kunde seit",
            "mitglied seit",
            "kundenseit",
            "anmeldedatum",
            "registrierungsdatum",
            "anciennete",
            "client depuis",
            "date d inscription",
            "antiguedad",
            "cliente desde",
            "fecha de alta",
            "klant sinds",
            "lid sinds",
            "cliente desde pt",
            "data de cadastro",
        ],
    ),
    (
        Role::Status,
        &[
            "churn",
            "churned",
            "churn flag",
            "churn label",
            "exited",
            "attrition",
            "attrition flag",
            "=status",
            "customer status",
            "account status",
            "=active",
            "is active",
            "cancelled",
            "canceled",
            "retained",
            "=left",
            "abgewandert",
            "kundenstatus",
            "gekundigt",
            "kuendigung",
            "resilie",
            "statut",
            "baja",
            "estado del cliente",
            "opgezegd",
            "cancelado",
        ],
    ),
    (
        Role::Plan,
        &[
            "plan",
            "contract",
            "contract type",
            "subscription",
            "subscription type",
            "tier",
            "membership",
            "membership level",
            "loyalty tier",
            "package",
            "tariff",
            "tarif",
            "abo",
            "abonnement",
            "vertrag",
            "vertragsart",
            "contrat",
            "formule",
            "contrato",
            "suscripcion",
            "tarifa",
            "abonnementsvorm",
            "assinatura",
            "card category",
            "card type",
        ],
    ),
    (
        Role::Spend,
        &[
            "charge",
            "charges",
            "monthly charges",
            "total charges",
            "spending",
            "spending score",
            "monthly spend",
            "annual spend",
            "total spend",
            "total spent",
            "amount spent",
            "lifetime spend",
            "lifetime value",
            "customer lifetime value",
            "clv",
            "ltv",
            "arpu",
            "monthly bill",
            "ausgaben",
            "depenses",
            "gasto",
            "gastos",
            "uitgaven",
        ],
    ),
    // a customers export's own figures of each customer's orders (a shop's or a till's
    // customers list): the whole header only where a word alone would take in a part of an
    // order (`Last Order Amount`, `Returned Orders`)
    (
        Role::LastOrder,
        &[
            "last order date",
            "=last order",
            "last ordered",
            "last ordered at",
            "last order at",
            "last order on",
            "date of last order",
            "last purchase date",
            "=last purchase",
            "last purchased",
            "date of last purchase",
            "last purchased at",
            "last transaction date",
            "=last transaction",
            "=last visit",
            "last visit date",
            "most recent order date",
            "=most recent order",
            "most recent purchase date",
            "=most recent purchase",
            "latest order date",
            "=latest order",
            "latest purchase date",
            "datum letzte bestellung",
            "=letzte bestellung",
            "letzter kauf",
            "letzter einkauf",
            "date derniere commande",
            "date de derniere commande",
            "=derniere commande",
            "date dernier achat",
            "=dernier achat",
            "fecha ultima compra",
            "fecha de ultima compra",
            "fecha ultimo pedido",
            "=ultima compra",
            "=ultimo pedido",
            "datum laatste bestelling",
            "=laatste bestelling",
            "=laatste aankoop",
            "data ultima compra",
            "data do ultimo pedido",
            "=ultima encomenda",
        ],
    ),
    (
        Role::OrderCount,
        &[
            "total orders",
            "orders count",
            "order count",
            "number of orders",
            "num orders",
            "no of orders",
            "nb orders",
            "count of orders",
            "orders placed",
            "lifetime orders",
            "historic number of orders",
            "transaction count",
            "transactions count",
            "number of transactions",
            "purchase count",
            "purchases count",
            "number of purchases",
            "num purchases",
            "total purchases",
            "=orders",
            "=purchases",
            "=bestellungen",
            "=commandes",
            "=pedidos",
            "=bestellingen",
            "=frequency",
            "anzahl bestellungen",
            "bestellanzahl",
            "anzahl kaufe",
            "nombre de commandes",
            "nombre commandes",
            "nb commandes",
            "numero de pedidos",
            "cantidad de pedidos",
            "total pedidos",
            "numero de compras",
            "cantidad de compras",
            "aantal bestellingen",
            "aantal aankopen",
            "numero de encomendas",
            "quantidade de pedidos",
            "total de pedidos",
        ],
    ),
    (
        Role::Ignored,
        &[
            // a browser's own description of itself (`Mozilla/5.0 (…)`)
            "user agent",
            "useragent",
            "name",
            "first name",
            "last name",
            "full name",
            "=surname",
            "given name",
            "family name",
            "email",
            "e mail",
            "=mail",
            "=phone",
            "=telephone",
            "=mobile",
            // whose phone (a shop's `Shipping Phone`, a help desk's `Work phone`): no trait,
            // nor a parcel's tracking number
            "billing phone",
            "shipping phone",
            "mobile phone",
            "work phone",
            "home phone",
            "cell phone",
            "phone number",
            "telephone number",
            "mobile number",
            "tracking number",
            "tracking code",
            "numero de seguimiento",
            // what a status means in words (`Descripción del estado`): the shop's, no one's words
            "status description",
            "status message",
            "descripcion del estado",
            "vorname",
            "nachname",
            // the customer's name (it keys a file with no id nor address, `review_file`)
            "kundenname",
            "nom du client",
            "nom client",
            "nombre del cliente",
            "nombre cliente",
            "klantnaam",
            "=telefon",
            "prenom",
            "=nom",
            "=nombre",
            "apellido",
            "=telefono",
            "voornaam",
            "achternaam",
            "=naam",
            "=telefoon",
            "=nome",
            "sobrenome",
            "row id",
            "row number",
            // a survey's sampling weight (the census' `fnlwgt`, IPUMS' `PERWT`): how many
            // people a row stands for, no trait of the person
            "=fnlwgt",
            "=final weight",
            "sampling weight",
            "=sample weight",
            "survey weight",
            "=person weight",
            "=household weight",
            "=perwt",
            "=hhwt",
            "=wgt",
            "=pweight",
            "email address",
            "=index",
            "unnamed",
            "password",
            "=ip",
            "ip address",
            "street",
            // where the parcel or the bill went (`Billing Address`, `Shipping Address1`): a
            // street, not a trait, and no one's words
            "address",
            "address line",
            "address1",
            "address2",
            "direccion",
            "domicilio",
            "endereco",
            "anschrift",
            "adresse",
            // a mailing tool's attributes written as one word (Brevo's `FIRSTNAME`, `SMS`)
            "firstname",
            "lastname",
            "fullname",
            "=sms",
            "last4",
            "last 4",
            "last four",
            "first 6",
            "first six",
            "first six of credit card",
            "last four of credit card",
            "pan suffix",
            // a payment gateway's checks of a card (`cvv_result` of M, `AVS Response Code`)
            "avs result",
            "cvv result",
            "avs response code",
            "cvv response code",
            "postal code response code",
            "street address response code",
            // who took the payment (a till's `Payment Employee ID`): the shop's staff
            "employee id",
            "employee name",
            "employee custom id",
            "=employee",
            "=cashier",
            "cashier name",
            // who served the customer (a salon's `Team member`, a studio's `Staff Name`): the
            // business's people, not the customer's traits (a lone `Staff` may count them: below)
            "staff member",
            "staff name",
            // a person's name under another header (`Contact person`, a parcel's `Recipient`):
            // it names someone, and would be stored as a trait's level
            "contact person",
            "=recipient",
            "recipient name",
            "=addressee",
            "ansprechpartner",
            "=empfanger",
            "=destinataire",
            "team member",
            "server name",
            "exp month",
            "exp year",
            // who asked or who handled it (a help desk's tickets, a CRM's records): a person's
            // name, not a trait of the customer
            "=requester",
            // who changed a record (a booking tool's `Canceled By`): a person, not a trait
            "canceled by",
            "cancelled by",
            "created by",
            "scheduled by",
            "booked by",
            "modified by",
            "updated by",
            "requester name",
            "=submitter",
            "=assignee",
            "assignee name",
            "assignee user",
            "assigned to",
            "assigned agent",
            "assigned user",
            "=agent",
            "agent name",
            "contact owner",
            "account owner",
            "deal owner",
            "record owner",
            // a survey tool's own columns (Qualtrics, SurveyMonkey): how the answers were
            // collected, not who answered
            "duration in seconds",
            // where the device was, and its time zone's offsets (a mailing list's members
            // export): points and hours, not traits to segment on
            "latitude",
            "longitude",
            "=lat",
            "=lng",
            "=lon",
            "gmtoff",
            "dstoff",
            "=user language",
            "=distribution channel",
            "=collector id",
            "=response type",
            "external data reference",
        ],
    ),
];

/// Lower-cases, folds accents and reads punctuation as spaces: `Kunden-Nr.` → `kunden nr`.
/// camelCase is split too: `customerId` → `customer id`, and a `#` after a word is its number:
/// `Order #` → `order no`.
pub fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len() + 4);
    let mut prev_lower = false;
    for c in h.trim().chars() {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        for l in c.to_lowercase() {
            let folded = match l {
                'à' | 'á' | 'â' | 'ã' | 'å' => 'a',
                'ä' => 'a',
                'ç' => 'c',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                'ß' => 's',
                c if c.is_alphanumeric() => c,
                _ => ' ',
            };
            out.push(folded);
        }
    }
    let mut out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if h.trim_end().ends_with('#') && !out.is_empty() {
        out.push_str(" no");
    } else if h.trim_start().starts_with("# ") && !out.is_empty() {
        // `# de venta`, as Spanish writes a number's mark before
        out.insert_str(0, "no ");
    }
    out
}

/// A word's stem: a plural `s` dropped (`charges` → `charge`, `interests` → `interest`), but
/// not from `ss`, `us` or `is` endings (`address`, `status`, `analysis`).
fn stem(word: &str) -> &str {
    let b = word.as_bytes();
    if b.len() > 3 && b[b.len() - 1] == b's' && !matches!(b[b.len() - 2], b's' | b'u' | b'i') {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Things whose name (`Campaign Name`, `Store Name`) is a label the customers share, not a
/// person's name.
const NAMED_THINGS: &[&str] = &[
    "campaign",
    "ad",
    "adset",
    "ad set",
    "store",
    "shop",
    "branch",
    "segment",
    "tier",
    "event",
    "course",
    "program",
    "programme",
    "list",
    "audience",
    "form",
    "membership",
    "subscription",
    "service",
    "variant",
    "team",
    "source",
    "medium",
    "page",
    "app",
    "package",
    "level",
    "group",
    "ticket type",
];

/// Units and currencies that may follow a header's meaning: `Umsatz (EUR)`, `Age (years)`.
const UNITS: &[&str] = &[
    "eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "pln", "czk", "huf", "jpy", "cny", "inr", "brl", "mxn", "aud",
    "cad", "in", "pct", "percent", "pc", "yr", "yrs", "year", "years", "mo", "mos", "month", "months", "day", "days",
    "k", "jahre", "monate", "ans", "mois", "anos", "meses", "jaar", "maanden", "euro", "euros", "dollar", "dollars",
];

/// Words that may follow a role's word without changing what it is: `contract type`,
/// `education level`, `age group`.
const QUALIFIERS: &[&str] = &[
    "detail",
    // what a thing is called: `Plan Name`, `Location Name` (a customer's name is no customer id)
    "name",
    "type",
    "level",
    "group",
    "band",
    "bracket",
    "range",
    "class",
    "category",
    "tier",
    "flag",
    "indicator",
    "label",
    "status",
    "value",
    "amount",
    "score",
    "typ",
    "stufe",
    "gruppe",
    "niveau",
    "tipo",
    "nivel",
    "grupo",
    "code",
    "id",
    "used",
    "applied",
    // whose of several (a mailing tool's `City - Work`, `Country - Home`)
    "work",
    "home",
    "office",
    "primary",
    "personal",
];

/// How a header matched a synonym.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// Other words before the synonym, which is the header's last word(s): `Monthly Charges`.
    Head,
    /// The synonym first, then a qualifier: `Contract Type`.
    Qualified,
    /// The whole header (units aside), with words reduced to their stems.
    Stem,
    /// The whole header, word for word.
    Whole,
}

/// The header's words, with units and numbers dropped at either end (when something remains):
/// `Umsatz (EUR)`, `dollar_value`.
fn header_words(norm: &str) -> Vec<&str> {
    let mut words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    while words.len() > 1 && UNITS.contains(&words[0]) && !matches!(words[0], "in" | "k" | "day" | "days") {
        words.remove(0);
    }
    while words.len() > 1 {
        let last = words[words.len() - 1];
        if UNITS.contains(&last) || last.bytes().all(|b| b.is_ascii_digit()) {
            words.pop();
        } else {
            break;
        }
    }
    words
}

/// The role a header alone suggests, with the synonym that matched.
///
/// Headers are matched by word, not by substring: `device_protection` is not a device and
/// `number_customer_service_calls` is not a customer id. A synonym matches the whole header
/// (units such as `(EUR)` aside, words compared as written or by their stems), or the end of
/// it (`Monthly Charges` → charges), or its start when only a qualifier follows (`Contract
/// Type`). Generic words (`date`, `value`, `customer`, `device`, `score`) match only a whole
/// header. The best fit wins, then the longest synonym. A header that names nothing as a
/// whole but is made of alternatives (`Product/Service`) takes the role they agree on.
pub fn role_from_header(header: &str) -> Option<(Role, &'static str)> {
    // a ratio (`Sales/Visit`, `Revenue/Month`) is no alternative of its numerator
    const PER: &[&str] =
        &["visit", "month", "year", "week", "day", "customer", "order", "user", "session", "head", "unit", "capita"];
    let last = header.rsplit_once('/').map(|(_, per)| normalise_header(per)).unwrap_or_default();
    if PER.contains(&stem(&last)) {
        return None;
    }
    let norm = normalise_header(header);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    // a CRM's own record keys and checksums, written for its re-import only (Dynamics 365's
    // `(Do Not Modify) Contact`): no other file carries them
    if header.trim_start().to_ascii_lowercase().starts_with("(do not modify)") {
        return Some((Role::Ignored, "(do not modify)"));
    }
    if let Some(summed) = summarised(&words, header.contains('(')) {
        return summed;
    }
    // the second line of an address (`Address 2`, `Address Line 2`: `Suite 210`, `Apt 4B`):
    // part of a street, no place
    let second_line = |n: &str| n.len() == 1 && matches!(n.as_bytes()[0], b'2'..=b'9');
    if let ["address" | "street", n] | [_, "address" | "street", n] | ["address" | "street", "line", n] = words[..]
        && second_line(n)
    {
        return Some((Role::Ignored, "address"));
    }
    // where a parcel left from, or the seller's own place (a marketplace's `ship from country
    // name`, `Seller Country`): not the buyer's
    const SENDER: &[&str] =
        &["ship", "shipped", "ships", "dispatched", "from", "seller", "merchant", "vendor", "warehouse"];
    let sender = words.windows(2).any(|w| matches!(w, ["ship" | "shipped" | "ships" | "dispatched", "from"]))
        || words.iter().any(|w| matches!(*w, "seller" | "merchant" | "vendor" | "warehouse"));
    if sender {
        let place: Vec<&str> = words.iter().copied().filter(|w| !SENDER.contains(w)).collect();
        if let Some((Role::Location, _)) = role_from_header(&place.join(" ")) {
            return Some((Role::Ignored, "ship from"));
        }
    }
    let found = header_role(header);
    // a count of places (a restaurant chain's `NumberofLocations`, review 68) is no place
    if let Some((Role::Location, _)) = found
        && words
            .iter()
            .any(|w| w.starts_with("number") || matches!(*w, "num" | "count" | "anzahl" | "nombre" | "numero"))
    {
        return None;
    }
    // a forecast of what a customer will spend (`Predicted Customer Lifetime Value`) is no
    // money they spent
    if let Some((Role::Spend, _)) = found
        && words.iter().any(|w| matches!(*w, "predicted" | "expected" | "forecast" | "projected" | "estimated"))
    {
        return None;
    }
    // money given back (Shopify's `Refunded Amount`, Stripe's `Amount Refunded`) is no order's
    // value: taken off the orders' money where it stands beside them
    // ([`crate::import::refund_column`]); a total net of refunds (`Order Total Amount (- Refund)`,
    // its note saying which) still is one
    if let Some((Role::OrderValue | Role::Spend, _)) = found
        && normalise_header(without_kept_note(header)).split(' ').any(|w| w.starts_with("refund"))
    {
        return None;
    }
    // a rate or share of an income (German credit's `installment_rate_in_percentage_of_
    // disposable_income`, a `debt to income ratio`, a loan book's `debt_to_income`) is a burden
    // on it, and whether or how it was checked (`verified_income`: Verified, Not Verified) a
    // fact of the application: neither is the income
    if let Some((Role::Income, _)) = found
        && (words.iter().any(|w| {
            matches!(
                *w,
                "rate"
                    | "ratio"
                    | "percentage"
                    | "percent"
                    | "pct"
                    | "share"
                    | "proportion"
                    | "dti"
                    | "verified"
                    | "verification"
                    | "verify"
                    | "unverified"
            )
        }) || words.windows(3).any(|w| w[1] == "to" && w[2].starts_with("income")))
    {
        return None;
    }
    // an insurance claim's amount (IBM's `Total Claim Amount`) is money paid out to the
    // customer, not a sale to them
    if let Some((Role::OrderValue | Role::Spend, _)) = found
        && words.iter().any(|w| matches!(*w, "claim" | "claims" | "claimed"))
    {
        return None;
    }
    // the orders of one kind only (`Returned Orders Count`, `Failed Transaction Count`), a
    // forecast (`Predicted Number Of Orders`) or an average are not all of a customer's orders
    if let Some((Role::OrderCount | Role::LastOrder, _)) = found
        && normalise_header(header).split(' ').any(|w| {
            matches!(
                w,
                "returned"
                    | "refunded"
                    | "cancelled"
                    | "canceled"
                    | "failed"
                    | "open"
                    | "pending"
                    | "predicted"
                    | "expected"
                    | "next"
                    | "average"
                    | "avg"
                    | "mean"
            )
        })
    {
        return None;
    }
    if let Some((Role::Ignored, "name")) = found {
        // what a thing is called is no person's name: the values say what it is
        if names_a_thing(header) {
            return None;
        }
        let norm = normalise_header(header);
        if let Some((thing, "name")) = norm.rsplit_once(' ') {
            // a place's name (an analytics tool's `$geoip_city_name`) is the place
            let place = thing.rsplit(' ').next().unwrap_or_default();
            if let Some(p) = ["city", "country", "region", "state", "province", "county", "town", "continent"]
                .into_iter()
                .find(|p| *p == place)
            {
                return Some((Role::Location, p));
            }
        }
    }
    if found.is_some() || !header.contains('/') {
        return found;
    }
    // alternatives (`Product/Service`, `Memo/Description`): the role the ones that name any
    // agree on (`Revenue/Customer` names two, so none)
    let mut agreed = None;
    for alternative in header.split('/') {
        match (header_role(alternative), agreed) {
            (None, _) => {}
            (Some(found), None) => agreed = Some(found),
            (Some((role, _)), Some((agreed_role, _))) if role == agreed_role => {}
            (Some(_), Some(_)) => return None,
        }
    }
    agreed
}

/// The role of a pivot table's or a BI tool's summary of a field per row (Excel's `Sum of
/// dollar_value`, `Count of date`, `Max of date`, in the spreadsheets' languages: `Summe von
/// Umsatz`, `Somme de Montant`; Power BI's `Count of OrderDate`, `Latest OrderDate`;
/// Tableau's and Qlik's functions, `SUM(Sales)`, `CNTD(Order ID)`, `Count(distinct OrderID)`,
/// when `called`: the header has a bracket): each customer's orders summed up, as a customers
/// export has them. `Some(None)` for an average (no such figure); `None` when the header
/// summarises no order's field, and is matched as any other.
fn summarised(words: &[&str], called: bool) -> Option<Option<(Role, &'static str)>> {
    const OF: &[&str] = &["of", "von", "de", "van", "da", "do", "di", "del"];
    let how = |w: &str| {
        Some(match w {
            "sum" | "summe" | "somme" | "suma" | "som" | "soma" | "somma" => "sum",
            "count" | "anzahl" | "nombre" | "cuenta" | "recuento" | "aantal" | "contagem" | "conteggio" | "cntd"
            | "countd" => "count",
            "max" | "maximum" | "maximo" | "massimo" | "latest" => "max",
            "min" | "minimum" | "minimo" | "earliest" => "min",
            "average" | "avg" | "mean" | "mittelwert" | "moyenne" | "promedio" | "gemiddelde" | "media" => "average",
            _ => return None,
        })
    };
    let distinct = |w: &str| matches!(w, "distinct" | "unique" | "eindeutig" | "distinto");
    let (how, field) = match words {
        [a, b, of, field @ ..]
            if OF.contains(of) && (distinct(a) || distinct(b)) && (how(a).or(how(b)) == Some("count")) =>
        {
            ("count", field)
        }
        [w, of, field @ ..] if OF.contains(of) => (how(w)?, field),
        [w @ ("earliest" | "latest"), field @ ..] => (how(w)?, field),
        [w, d, field @ ..] if called && distinct(d) && how(w) == Some("count") => ("count", field),
        [w, field @ ..] if called => (how(w)?, field),
        _ => return None,
    };
    if how == "average" {
        return Some(None);
    }
    let (role, _) = header_role(&field.join(" "))?;
    match (how, role) {
        ("sum", Role::OrderValue | Role::Spend) => Some(Some((Role::Spend, "sum of sales"))),
        ("sum" | "count", Role::OrderCount) | ("count", Role::OrderDate | Role::OrderId) => {
            Some(Some((Role::OrderCount, "count of orders")))
        }
        ("max", Role::OrderDate | Role::LastOrder) => Some(Some((Role::LastOrder, "latest order date"))),
        ("min", Role::OrderDate) => Some(Some((Role::Tenure, "first order date"))),
        _ => None,
    }
}

fn header_role(header: &str) -> Option<(Role, &'static str)> {
    let norm = normalise_header(header);
    let all: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    // a survey's question as its header (`How satisfied are you with our service?`, `How
    // likely are you to recommend us to a friend?`): asking for satisfaction is a score
    if header.trim_end().ends_with('?') || all.len() >= 5 {
        const ASKED: &[&str] = &[
            "satisfied",
            "satisfaction",
            "recommend",
            "zufrieden",
            "weiterempfehlen",
            "satisfait",
            "recommanderiez",
            "satisfecho",
            "recomendaria",
            "tevreden",
            "aanbevelen",
            "satisfeito",
        ];
        if let Some(word) = ASKED.iter().find(|w| all.contains(w)) {
            return Some((Role::Satisfaction, word));
        }
        // asking for the age (`How old are you?`, `Wie alt sind Sie?`)
        if all.windows(2).any(|w| matches!(w, ["how", "old"] | ["wie", "alt"])) {
            return Some((Role::Age, "how old"));
        }
    }
    let trimmed = header_words(&norm);
    // a note in brackets after the meaning (`First Name (Billing)`, `City (Shipping)`,
    // `Quantity (- Refund)`) says whose or which, not what
    let bracketed = header
        .trim_end()
        .strip_suffix(')')
        .and_then(|h| h.rsplit_once('('))
        .filter(|(_, note)| !changes_meaning(note))
        .map(|(h, _)| h);
    let bare = bracketed.map(normalise_header).filter(|b| !b.is_empty() && *b != norm).unwrap_or_default();
    // the words of a trailing note in brackets, whatever it says: a synonym among them alone
    // names no column (`Purchase Time (UTC timezone)` is no time zone)
    let note_words = header
        .trim_end()
        .strip_suffix(')')
        .and_then(|h| h.rsplit_once('('))
        .map_or(0, |(_, note)| normalise_header(note).split(' ').filter(|w| !w.is_empty()).count());
    let bare_words: Vec<&str> = bare.split(' ').filter(|w| !w.is_empty()).collect();
    let bare_trimmed = header_words(&bare);
    let mut best: Option<(Fit, usize, Role, &'static str)> = None;
    // the header as written, and without its trailing units (`birth year` is not `birth`),
    // and both without a note in brackets (each once)
    let mut readings: Vec<&Vec<&str>> = Vec::with_capacity(4);
    let mut plain = 0;
    for (i, words) in [&all, &trimmed, &bare_words, &bare_trimmed].into_iter().enumerate() {
        if !words.is_empty() && !readings.contains(&words) {
            readings.push(words);
        }
        if i == 1 {
            plain = readings.len();
        }
    }
    for (r, words) in readings.into_iter().enumerate() {
        // a note in brackets is left out only when the header as written means nothing
        // (`Total (Refunded)` is no order's total)
        if r >= plain && best.is_some() {
            break;
        }
        let stems: Vec<&str> = words.iter().map(|w| stem(w)).collect();
        for s in synonyms() {
            let (role, syn, sw, ss) = (&s.role, s.text, &s.words, &s.stems);
            let n = sw.len();
            let fit = if *words == *sw {
                Some(Fit::Whole)
            } else if stems == *ss {
                Some(Fit::Stem)
            } else if s.whole_only || words.len() <= n {
                None
            } else if stems.ends_with(ss) && (r >= plain || n > note_words.saturating_sub(all.len() - words.len())) {
                Some(Fit::Head)
            } else if stems.starts_with(ss)
                && !matches!(*role, Role::CustomerId | Role::OrderId | Role::LastOrder | Role::OrderCount)
                && stems[n..].iter().all(|w| QUALIFIERS.contains(w))
            {
                Some(Fit::Qualified)
            } else {
                None
            };
            let Some(fit) = fit else { continue };
            if best.is_none_or(|(f, len, _, _)| (fit, syn.len()) > (f, len)) {
                best = Some((fit, syn.len(), *role, syn));
            }
        }
    }
    best.map(|(_, _, role, syn)| (role, syn))
}

/// A header without a trailing note in brackets that says whose or which, not what
/// (`Order Total Amount (- Refund)` is an order total): [`changes_meaning`].
pub(crate) fn without_kept_note(header: &str) -> &str {
    header
        .trim_end()
        .strip_suffix(')')
        .and_then(|h| h.rsplit_once('('))
        .filter(|(_, note)| !changes_meaning(note))
        .map_or(header, |(h, _)| h.trim_end())
}

/// Whether a money header names an amount net of refunds: a note that takes them off
/// (`Order Total Amount (- Refund)`) or words that do (`Total net of refunds`, `Amount after
/// refunds`, `Sales excl. refunds`).
pub(crate) fn net_of_refunds(header: &str) -> bool {
    let norm = normalise_header(header);
    let words: Vec<&str> = norm.split(' ').collect();
    let refund = |w: &&str| w.starts_with("refund") || w.starts_with("return");
    let note = without_kept_note(header) != header && words.iter().any(refund);
    let net = words.windows(2).any(|w| {
        matches!(w[0], "net" | "after" | "less" | "minus" | "excl" | "excluding" | "without" | "of") && refund(&w[1])
    });
    note || net
}

/// Whether a note in brackets after a header says the column is not what the header names:
/// `Total (Refunded)` is money given back, while `Quantity (- Refund)` is still the quantity.
fn changes_meaning(note: &str) -> bool {
    let note = note.trim();
    let kept =
        note.starts_with('-') || ["minus", "less", "net", "excl"].iter().any(|w| note.to_lowercase().starts_with(w));
    !kept
        && normalise_header(note)
            .split(' ')
            .any(|w| w.starts_with("refund") || w.starts_with("return") || w.starts_with("cancel"))
}

/// A synonym of [`SYNONYMS`] split into words and stems once, not for every header read: a
/// file of 2,000 columns asks for a role 2,000 times.
struct Synonym {
    role: Role,
    /// `=` in the table: matches the whole header only
    whole_only: bool,
    text: &'static str,
    words: Vec<&'static str>,
    stems: Vec<&'static str>,
}

fn synonyms() -> &'static [Synonym] {
    static TABLE: std::sync::OnceLock<Vec<Synonym>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        SYNONYMS
            .iter()
            .flat_map(|(role, list)| list.iter().map(move |raw| (*role, *raw)))
            .map(|(role, raw)| {
                let (whole_only, text) = match raw.strip_prefix('=') {
                    Some(s) => (true, s),
                    None => (false, raw),
                };
                let words: Vec<&'static str> = text.split(' ').collect();
                let stems = words.iter().map(|w| stem(w)).collect();
                Synonym { role, whole_only, text, words, stems }
            })
            .collect()
    })
}

/// Whether a column may hold customer ids, from its header and place alone: while a file is
/// read, such columns keep a hash of every value, so that files can be linked by them.
/// An email column is one: when a file has no customer id, the email address is the key
/// ([`review_file`]).
pub fn may_be_customer_id(header: &str, index: usize) -> bool {
    // (a bare `id` is the customer's in a log of dates and ids, and beside a data frame's row
    // numbers: [`review_file`] decides after reading)
    names_email(header)
        || normalise_header(header) == "id"
        || match role_from_header(header) {
            Some((role, _)) => role == Role::CustomerId,
            None => index == 0,
        }
}

/// Whether a header names a day set ahead (`scheduled_at`, `Due Date`, `Next Charge`), not one
/// on which something took place.
fn names_a_date_ahead(header: &str) -> bool {
    header_words(&normalise_header(header)).iter().any(|w| {
        matches!(*w, "scheduled" | "due" | "next" | "expected" | "planned" | "estimated" | "expires" | "expiry")
    })
}

/// Whether a header names the day someone was born (`Date of birth`, `DOB`, `Geburtsdatum`),
/// not an age, a year of birth or a band of ages: which of the age headers it matches.
fn names_a_birthday(header: &str) -> bool {
    matches!(
        role_from_header(header),
        Some((
            Role::Age,
            "date of birth"
                | "dob"
                | "birthdate"
                | "birth date"
                | "birthday"
                | "geburtsdatum"
                | "date de naissance"
                | "fecha de nacimiento"
                | "geboortedatum"
                | "data de nascimento"
        ))
    )
}

/// Order value synonyms that name the price of one unit: a line's money is then the price
/// times its quantity.
const UNIT_PRICES: &[&str] = &[
    "price",
    "unit price",
    "unitprice",
    "price each",
    "item price",
    "sale price",
    "sales price",
    "selling price",
    "preis",
    "einzelpreis",
    "prix",
    "prix unitaire",
    "precio",
    "precio unitario",
    "prijs",
    "stukprijs",
    "preco",
    "preco unitario",
];

/// Whether an order value header names a unit price (`UnitPrice`, `Prix unitaire`), not what
/// the line or the order cost.
pub fn is_unit_price(header: &str) -> bool {
    // (a marketplace's order report writes `item-price` as the line's money: its reports'
    // amounts "are aggregates of the quantity, not unit prices")
    header.trim() != "item-price"
        && matches!(role_from_header(header), Some((Role::OrderValue, word)) if UNIT_PRICES.contains(&word))
}

/// Whether an order-value header names an order's total (`Order Total Amount`, `Total`,
/// `order_value`, `Bestellwert`), not a line's, an item's, a price or what was paid for the
/// row (an attendees report's `Total Paid` for each ticket): only such a column may repeat
/// each order's total on every line of it.
pub fn names_order_total(header: &str) -> bool {
    let norm = normalise_header(header);
    let words: Vec<&str> = norm.split(' ').collect();
    let of_order = words.iter().any(|w| {
        matches!(
            *w,
            "total"
                | "totals"
                | "order"
                | "gesamt"
                | "gesamtbetrag"
                | "gesamtsumme"
                | "bestellwert"
                | "bestellsumme"
                | "totaal"
                | "commande"
                | "pedido"
        )
    });
    let of_line = words.iter().any(|w| {
        matches!(
            *w,
            "line"
                | "lineitem"
                | "item"
                | "items"
                | "product"
                | "sku"
                | "unit"
                | "price"
                | "article"
                | "artikel"
                | "position"
                | "paid"
        )
    });
    of_order && !of_line
}

/// For the order value column `value` of a file: the quantity column (numbers) its unit
/// price is multiplied by, when it holds unit prices. The customer table, the order log and
/// the SQL export all read a line's money through this.
pub fn unit_price_quantity(columns: &[ColumnProfile], value: usize) -> Option<usize> {
    if !is_unit_price(&columns.get(value)?.name) {
        return None;
    }
    columns
        .iter()
        .position(|c| c.role == Role::Quantity && matches!(c.column_type, ColumnType::Integer | ColumnType::Number))
}

/// Whether a header names an email address (`Email`, `E-Mail`, `Email (Billing)`, `Courriel`):
/// such a column keeps its ids' hashes while reading, in case it becomes the customers' key.
fn names_email(header: &str) -> bool {
    let norm = normalise_header(header);
    norm.split(' ').any(|w| matches!(w, "email" | "mail" | "courriel" | "correo" | "emailadres" | "emailadresse"))
}

/// Whether a value reads as an email address: one `@`, a name before it and a dotted domain
/// after it, no spaces.
pub(crate) fn looks_like_email(v: &str) -> bool {
    let Some((name, domain)) = v.split_once('@') else { return false };
    let dot = domain.find('.');
    !name.is_empty()
        && dot.is_some_and(|d| d > 0 && d + 1 < domain.len())
        && !domain.contains('@')
        && !v.contains(char::is_whitespace)
}

/// Whether a header says what a thing is called (`Campaign Name`, `adset_name`): one of
/// [`NAMED_THINGS`], then "name".
fn names_a_thing(header: &str) -> bool {
    let norm = normalise_header(header);
    norm.rsplit_once(' ').is_some_and(|(thing, last)| last == "name" && NAMED_THINGS.contains(&thing))
}

/// Things a table of a shop's, a library's or a database's other than customers lists, one to
/// a row, under their own id (`ProductID`, `film_id`, `TrackId`, `aisle_id`).
const OTHER_THINGS: &[&str] = &[
    "product",
    "products",
    "item",
    "sku",
    "variant",
    "film",
    "movie",
    "track",
    "album",
    "artist",
    "genre",
    "song",
    "playlist",
    "media",
    "category",
    "subcategory",
    "department",
    "aisle",
    "store",
    "shop",
    "seller",
    "vendor",
    "supplier",
    "inventory",
    "review",
    "invoice",
    "line",
    "payment",
    "rental",
    "shipment",
    "shipper",
    "employee",
    "staff",
    "language",
    "country",
    "city",
    "address",
    "region",
    "territory",
    "warehouse",
    "brand",
    "book",
    "author",
    "publisher",
    "course",
    "lesson",
    "campaign",
    "actor",
    "geolocation",
    "zip",
];

/// The thing a header names the id of, when it is none of the customer's (`ProductID` →
/// `product`, `InvoiceLineId` → `line`; `Customer ID`, `Account No` and a bare `id` name none).
pub fn thing_of_id(header: &str) -> Option<&'static str> {
    let norm = normalise_header(header);
    let words: Vec<&str> = norm.split(' ').collect();
    let (last, before) = words.split_last()?;
    if !matches!(*last, "id" | "key" | "code" | "no" | "nr" | "number") || before.is_empty() {
        return None;
    }
    if before.iter().any(|w| {
        matches!(
            *w,
            "customer"
                | "cust"
                | "client"
                | "user"
                | "member"
                | "account"
                | "contact"
                | "person"
                | "subscriber"
                | "buyer"
                | "shopper"
                | "visitor"
                | "guest"
                | "patient"
                | "student"
                | "donor"
                | "lead"
                | "player"
        )
    }) {
        return None;
    }
    before.iter().rev().find_map(|w| OTHER_THINGS.iter().find(|t| **t == *w).copied())
}

/// Whether a header names a reply to a customer: `Developer Reply Text`, `Company Reply Date`,
/// `response.responseBody`.
fn names_a_reply(header: &str) -> bool {
    let norm = normalise_header(header);
    let words: Vec<&str> = norm.split(' ').collect();
    words.iter().any(|w| matches!(*w, "reply" | "replies" | "replied" | "responsebody"))
        || words.windows(2).any(|p| p == ["response", "body"])
}

/// Whether a value (lowercased) is a payment card's brand: `visa`, `mastercard`, `amex`.
fn is_card_brand(v: &str) -> bool {
    matches!(
        v,
        "visa"
            | "mastercard"
            | "master card"
            | "master"
            | "amex"
            | "american express"
            | "americanexpress"
            | "discover"
            | "jcb"
            | "maestro"
            | "diners club"
            | "diners"
            | "unionpay"
            | "china unionpay"
            | "elo"
            | "cartes bancaires"
            | "visa debit"
            | "visa electron"
            | "debit mastercard"
    )
}

/// Whether a value is a web address: `https://…`, `www.…`.
pub(crate) fn looks_like_url(v: &str) -> bool {
    let v = v.trim();
    (v.starts_with("http://") || v.starts_with("https://") || v.starts_with("www.")) && !v.contains(char::is_whitespace)
}

/// Order numbers as a shop prints them (`#1001`, repeated on each line item) beside order
/// dates: the order id, so that an order of three items counts once.
fn order_numbers(columns: &mut [ColumnProfile]) {
    if columns.iter().any(|c| c.role == Role::OrderDate)
        && !columns.iter().any(|c| c.role == Role::OrderId)
        && let Some(c) = columns.iter_mut().find(|c| unused_values_all(c, looks_like_order_number))
    {
        c.role = Role::OrderId;
        c.role_reason = "order numbers (#1001) beside order dates: the order id".to_owned();
    }
}

/// An order's subtotal beside its total (a shop's `Subtotal` before shipping and taxes),
/// within a quarter of it on average: the same money again, which would count twice.
fn subtotal_beside_total(columns: &mut [ColumnProfile]) {
    let Some((total, mean)) = columns
        .iter()
        .find(|c| c.role == Role::OrderValue)
        .and_then(|c| Some((c.name.clone(), c.numeric.as_ref()?.mean)))
    else {
        return;
    };
    for c in columns.iter_mut().filter(|c| {
        c.role == Role::Attribute
            && matches!(
                header_words(&normalise_header(&c.name)).join(" ").as_str(),
                "subtotal" | "sub total" | "order subtotal" | "zwischensumme" | "sous total" | "subtotaal"
            )
            && same_money(c, mean)
    }) {
        c.role = Role::Ignored;
        c.role_reason =
            format!("the order's subtotal beside its total (\u{201c}{total}\u{201d}): the same money again, not used");
    }
}

/// Whether a column of money is, on average, within a quarter of `mean`: another measure of
/// the same money (a subtotal, an amount in another view), not a part of it (a tip).
fn same_money(c: &ColumnProfile, mean: f64) -> bool {
    c.numeric.as_ref().is_some_and(|n| (n.mean - mean).abs() <= 0.25 * mean.abs())
}

/// Whether a value is an order number as shops print them: `#1001`.
fn looks_like_order_number(v: &str) -> bool {
    v.strip_prefix('#').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The column of email addresses that can key the customers of a file with no customer id:
/// named an email (so its ids were kept for linking while reading), filled on most rows (an
/// address left by a few would drop everyone else), and the only one, or the only one named
/// just `Email` (not a deal owner's or an assignee's address), or the only one named as the
/// buyer's (a digital shop's `Purchase Email` beside its `Buyer Email`).
fn email_key(columns: &[ColumnProfile]) -> Option<usize> {
    let candidates: Vec<usize> = (0..columns.len())
        .filter(|&i| {
            let c = &columns[i];
            // (the shop's own address on every row tells no one apart, and PayPal's "To Email
            // Address" is whom the money went to)
            (c.missing_share <= 0.2 || blank_where_orders_continue(columns, c) && c.missing_share <= 0.8)
                && c.distinct > 1
                && names_email(&c.name)
                && !normalise_header(&c.name).starts_with("to ")
                && unused_values_all(c, looks_like_email)
        })
        .collect();
    match candidates[..] {
        [one] => Some(one),
        _ => {
            // the one candidate whose header passes `test`, if only one does
            let only = |test: fn(&str) -> bool| {
                let mut passing = candidates.iter().copied().filter(|&i| test(&normalise_header(&columns[i].name)));
                passing.next().filter(|_| passing.next().is_none())
            };
            only(|h| matches!(h, "email" | "e mail" | "email address")).or_else(|| {
                only(|h| {
                    h.split(' ').any(|w| {
                        matches!(
                            w,
                            "buyer"
                                | "customer"
                                | "purchaser"
                                | "client"
                                | "member"
                                | "subscriber"
                                | "billing"
                                // whom a booking, a class or a form was for (Calendly's
                                // `Invitee Email` beside its host's `User Email`)
                                | "invitee"
                                | "attendee"
                                | "guest"
                                | "student"
                                | "patient"
                                | "respondent"
                                | "backer"
                                | "donor"
                        )
                    })
                })
            })
        }
    }
}

/// Whether `c` is blank on about as many rows as add a line to an order above them (a row
/// whose order id an earlier row has, or that has none), give or take a tenth: an orders
/// export that writes the buyer on each order's first row only, as Squarespace's does (its
/// order id on every row) and Odoo's (the order's columns, its id too, on the first row only).
/// An address may key such a file, and those rows count for the buyer above them.
///
/// Past [`crate::ingest::column::DISTINCT_CAP`] orders their count is not known; the rows an
/// order's total is blank on (written on its first row only) then stand for those that add a
/// line to an order.
pub(crate) fn blank_where_orders_continue(columns: &[ColumnProfile], c: &ColumnProfile) -> bool {
    let continuing = match columns.iter().find(|o| o.role == Role::OrderId) {
        Some(o) if !o.distinct_capped => o.count.saturating_sub(o.distinct),
        // (only where an order goes on over lines: its commonest number is on two at least)
        Some(o) if o.top_values.first().is_some_and(|t| t.1 >= 2) => {
            columns.iter().find(|v| v.role == Role::OrderValue && v.name != c.name).map_or(0, |v| v.missing)
        }
        _ => 0,
    };
    // (give or take a tenth: a few orders of their own have no buyer either)
    c.missing > 0 && c.missing * 10 <= continuing * 11 && c.missing * 5 >= continuing * 4
}

/// Whether a column with no role of its own (ignored, or an attribute) holds texts whose every
/// example passes `test`: one that a value rule may give a key's role.
fn unused_values_all(c: &ColumnProfile, test: fn(&str) -> bool) -> bool {
    matches!(c.role, Role::Ignored | Role::Attribute)
        && matches!(c.column_type, ColumnType::Id | ColumnType::Category | ColumnType::Text)
        && examples_all(c, test)
}

/// Whether a value reads as a person's name: two to four words of letters (`Max Kelly`,
/// `Mia Weber G.`, `Inès O'Neill-Hansen`), no digits.
fn looks_like_a_name(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_alphabetic)
                && w.chars().all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '-' | '\''))
        })
}

/// Whether a value is an opaque key a system made (a UUID, 32 hex digits): at least 16 hex
/// digits, some of them letters and some digits, perhaps split by dashes.
fn looks_like_opaque_key(v: &str) -> bool {
    let hex = v.bytes().filter(u8::is_ascii_hexdigit).count();
    v.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && hex >= 16
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Whether every example a column shows (at least one) passes `test`.
fn examples_all(c: &ColumnProfile, test: fn(&str) -> bool) -> bool {
    !c.examples.is_empty() && c.examples.iter().all(|e| test(e))
}

/// Whether a header names a share of something (`Percentage Completed`, `Open Rate`, `Score
/// %`): no money, whatever its decimals.
fn names_a_share(header: &str) -> bool {
    header.contains('%')
        || normalise_header(header).split(' ').any(|w| {
            matches!(
                w,
                "percent"
                    | "percentage"
                    | "pct"
                    | "rate"
                    | "ratio"
                    | "share"
                    | "progress"
                    | "prozent"
                    | "pourcentage"
                    | "porcentaje"
            )
        })
}

/// A suggested role with the reason a user can read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleSuggestion {
    pub role: Role,
    pub reason: String,
}

impl ValueHints<'_> {
    /// Whether the commonest values (at least one, up to six) all pass `test`.
    fn top_all(&self, test: impl Fn(&str) -> bool) -> bool {
        !self.top_values.is_empty() && self.top_values.iter().take(6).all(|v| test(v))
    }
}

/// What the value layer knows about a column, for role suggestions.
#[derive(Clone, Debug, Default)]
pub struct ValueHints<'a> {
    pub column_type: Option<ColumnType>,
    /// Most frequent values, lower-cased.
    pub top_values: &'a [String],
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Share of distinct values among non-missing ones.
    pub distinct_ratio: f64,
    /// Distinct values (a lower bound past the profile's cap).
    pub distinct: u64,
    /// Non-missing values.
    pub present: u64,
    pub index: usize,
}

const GENDER_WORDS: &[&str] = &[
    "m",
    "f",
    "w",
    "d",
    "x",
    "male",
    "female",
    "man",
    "woman",
    "men",
    "women",
    "non-binary",
    "nonbinary",
    "diverse",
    "divers",
    "other",
    "männlich",
    "weiblich",
    "homme",
    "femme",
    "hombre",
    "mujer",
    "masculino",
    "femenino",
    "feminino",
    "vrouw",
    "herr",
    "frau",
    "mr",
    "mrs",
    "ms",
];

/// For a yes/no column named after one gender (`female`, `is_male`, `Frau`): the gender a
/// yes stands for and the one a no stands for.
pub fn boolean_gender(header: &str) -> Option<(&'static str, &'static str)> {
    let norm = normalise_header(header);
    let words: Vec<&str> = norm.split(' ').collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&["female", "woman", "women", "frau", "weiblich", "femme", "mujer", "femenino", "feminino", "vrouw"]) {
        Some(("female", "male"))
    } else if has(&["male", "man", "men", "mann", "mannlich", "homme", "hombre", "masculino", "masculin"]) {
        Some(("male", "female"))
    } else {
        None
    }
}

/// Whether a column's numbers are whole numbers written with a point or comma and zeros
/// (`13085.0`): what pandas writes for a column of integers with blanks among them (the Online
/// Retail log's `Customer ID`), a database's decimal column unloads (`13085.000000`) or a
/// European spreadsheet saves (`13085,00`), so ids as much as counts.
fn whole_with_point_zero(h: &ValueHints) -> bool {
    let whole = |x: Option<f64>| x.is_some_and(|x| x.fract() == 0.0);
    whole(h.min)
        && whole(h.max)
        && !h.top_values.is_empty()
        && h.top_values.iter().all(|v| crate::ingest::column::whole_before_zeros(v).is_some())
}

/// Why values do not fit a role, or `None` when they do. A numeric column never gets a text
/// role; dates, money, ids and scores each need values of their kind and range.
fn misfit(role: Role, header: &str, h: &ValueHints) -> Option<String> {
    use ColumnType as T;
    let ty = h.column_type?;
    let (lo, hi) = (h.min.unwrap_or(f64::NAN), h.max.unwrap_or(f64::NAN));
    let numeric = matches!(ty, T::Integer | T::Number);
    let text_like = matches!(ty, T::Category | T::Text | T::FreeText | T::Id | T::MultiValue);
    let what = match ty {
        T::Integer => "whole numbers",
        T::Number => "numbers",
        T::Date => "dates",
        T::Boolean => "yes/no values",
        T::Category => "categories",
        T::MultiValue => "lists",
        T::FreeText => "free text",
        T::Text => "short texts",
        T::Id => "identifiers",
        T::Empty => "empty",
    };
    let ok = match role {
        Role::CustomerId | Role::OrderId => {
            // (a pilot's log of ten users, `user_0001` or `219483890` on each of their events,
            // has few ids, but ids: numbers of four digits or more, codes with a digit or an
            // email's `@`, not a count from 0 to 9 or words such as new and returning. Under a
            // user's header only, as a tracking tool names them: an `account_id` of eight
            // values beside unique emails is the account, not the person)
            let users = normalise_header(header)
                .split(' ')
                .any(|w| matches!(w, "user" | "userid" | "visitor" | "distinct" | "pseudo" | "anonymous"));
            let id_like = users
                && if numeric {
                    lo >= 1_000.0
                } else {
                    !h.top_values.is_empty()
                        && h.top_values
                            .iter()
                            .all(|v| v.len() >= 4 && v.contains(|c: char| c.is_ascii_digit() || c == '@'))
                };
            let few = h.distinct < 20 && h.present >= 100 && !(id_like && h.distinct >= 3);
            if few {
                return Some(format!("only {} distinct values in {} rows, too few for an id", h.distinct, h.present));
            }
            // (GA4's `user_pseudo_id`, `1422080396.1725153467`, is written as a decimal)
            matches!(ty, T::Id | T::Integer | T::Category | T::Text)
                || ty == T::Number && role == Role::CustomerId && normalise_header(header) == "user pseudo id"
                || ty == T::Number && whole_with_point_zero(h)
        }
        Role::Age => {
            // (a band of ages, `25-34`, is a category; a birthday with no year, a loyalty
            // program's `09-25`, is one too but gives no age)
            if ty == T::Category && names_a_birthday(header) {
                return Some("birthdays without a year: no age".to_owned());
            }
            // (AER's DoctorVisits writes years over 100, 0.19 to 0.72: every adult read as a
            // child, review 68)
            if ty == T::Number && lo >= 0.0 && hi < 1.5 {
                return Some(format!(
                    "from {} to {}: no ages in years (years divided by 100?)",
                    crate::persona::num(lo),
                    crate::persona::num(hi)
                ));
            }
            // (a marketing data set's birth years start at 1893: a typing slip, not a misfit)
            (numeric && ((lo >= 0.0 && hi <= 120.0) || (lo >= 1850.0 && hi <= 2030.0)))
                || matches!(ty, T::Date | T::Category)
        }
        // (`genre` is the French for gender, and a book's or a film's kind in English: Crime
        // and Fantasy are no genders, `H` and `F` are)
        Role::Gender
            if matches!(ty, T::Category | T::Text)
                && normalise_header(header).split(' ').any(|w| w == "genre")
                && !h.top_all(|v| v == "h" || GENDER_WORDS.contains(&v)) =>
        {
            return Some("the values are kinds, not genders".to_owned());
        }
        Role::Gender => {
            matches!(ty, T::Category | T::Text) && h.distinct <= 12
                || ty == T::Boolean && boolean_gender(header).is_some()
                || ty == T::Integer && h.distinct <= 3
                || ty == T::Boolean && h.distinct <= 2
        }
        // (a meeting's `Location` may be its video call's link, and a Colombian `CC` the
        // buyer's identity card's number: no place)
        // (nor a few small numbers, a data set's `Region` coded 1, 2, 3: no one lives in 3)
        Role::Location => {
            (matches!(ty, T::Category | T::Text | T::Id | T::MultiValue)
                || ty == T::Integer
                    && !matches!(normalise_header(header).as_str(), "cc" | "country code")
                    && !(h.distinct <= 12 && h.max.is_some_and(|m| m < 100.0)))
                && !h.top_all(looks_like_url)
        }
        Role::Income => numeric || ty == T::Category,
        // (a yes/no under a household's header, AER's `children`, says whether they have one:
        // "Household: yes" said nothing, review 68; it is a trait under its own name)
        Role::Household => numeric || matches!(ty, T::Category | T::Text),
        Role::Occupation | Role::Education => numeric || matches!(ty, T::Category | T::Text | T::Boolean),
        Role::Interests | Role::Values | Role::Lifestyle => matches!(ty, T::MultiValue | T::Category | T::Text),
        Role::OrderDate | Role::EventTime => ty == T::Date,
        Role::OrderValue | Role::Quantity | Role::Spend => numeric,
        Role::LastOrder => ty == T::Date,
        // (a forecast of 1.13 orders is no count)
        Role::OrderCount => ty == T::Integer && lo >= 0.0,
        Role::Discount => numeric || matches!(ty, T::Boolean | T::Category | T::Text),
        Role::Channel | Role::Product | Role::EventType | Role::Touchpoint => {
            matches!(ty, T::Category | T::Text | T::Id | T::MultiValue)
        }
        Role::FeedbackText => matches!(ty, T::FreeText | T::Text | T::Category | T::MultiValue),
        Role::Satisfaction => {
            if numeric && !(lo >= -100.0 && hi <= 100.0) {
                return Some(format!(
                    "values from {} to {}, not a satisfaction scale (0–10, 1–5 or a percentage)",
                    plain(lo),
                    plain(hi)
                ));
            }
            // or the answers of a rating scale in words (`Very satisfied`), some maybe as
            // its numbers
            let word = |v: &String| crate::ingest::value::scale_answer(v).is_some();
            numeric
                || ty == T::Category
                    && h.top_values.iter().any(word)
                    && h.top_values.iter().all(|v| word(v) || v.trim().parse::<f64>().is_ok())
        }
        Role::Tenure => (numeric && lo >= 0.0) || ty == T::Date,
        Role::Status => ty == T::Boolean || matches!(ty, T::Category | T::Text) && h.distinct <= 12,
        Role::Plan => ty == T::Boolean || matches!(ty, T::Category | T::Text) && h.distinct <= 50,
        Role::Attribute => numeric || matches!(ty, T::Boolean | T::Category),
        Role::Ignored => true,
    };
    if ok {
        None
    } else if role == Role::OrderCount && ty == T::Number {
        // (a card's `PURCHASES` of 452.55 is money)
        Some("the values have decimals: no count of orders".to_owned())
    } else if text_like
        && matches!(role, Role::OrderValue | Role::Quantity | Role::Spend | Role::OrderCount | Role::Satisfaction)
    {
        Some(format!("the values are {what}, not numbers"))
    } else {
        Some(format!("the values are {what}"))
    }
}

/// Whether the commonest values (two in three of them, up to six) say where each customer or
/// order stands: they, or their first words, are such standings (`active`, `Entregado`,
/// `Cancelada por el comprador`), not places.
fn standings(hints: &ValueHints) -> bool {
    let top: Vec<&String> = hints.top_values.iter().take(6).collect();
    let said = top.iter().filter(|v| says_one_of(STANDINGS, v)).count();
    !top.is_empty() && said * 3 >= top.len() * 2
}

/// Whether a value, read as headers are (lower-cased, accents folded), or its first word is
/// one of `words`: a status written out (`Cancelada por el comprador`) says its first word.
pub(crate) fn says_one_of(words: &[&str], value: &str) -> bool {
    let norm = normalise_header(value);
    words.contains(&norm.as_str()) || norm.split_once(' ').is_some_and(|(w, _)| words.contains(&w))
}

/// Whether a money header names an amount converted to the account's one currency (Stripe's
/// `Converted Amount`, beside each charge's `Amount` in the buyer's).
pub(crate) fn names_converted_money(header: &str) -> bool {
    normalise_header(header).split(' ').any(|w| w == "converted")
}

/// Where a subscriber, an account or an order stands, as a mailing tool's `state` or a
/// marketplace's `Estado` writes it (lower-cased, accents folded).
const STANDINGS: &[&str] = &[
    "active",
    "inactive",
    "cancelled",
    "canceled",
    "bounced",
    "complained",
    "unsubscribed",
    "subscribed",
    "pending",
    "unconfirmed",
    "confirmed",
    "suspended",
    "paused",
    "expired",
    "trialing",
    "churned",
    "activo",
    "inactivo",
    "cancelado",
    "ativo",
    "inativo",
    // an order's
    "delivered",
    "shipped",
    "completed",
    "refunded",
    "entregado",
    "entregada",
    "en camino",
    "cancelada",
    "devolucion",
    "devuelta",
    "pendiente",
    "pagado",
    "pagada",
    "enviado",
    "enviada",
    "entregue",
];

/// A bound as a user reads it: `982`, `2.5`.
fn plain(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.2}") }
}

/// Why whole numbers under a bare `day`, `weekday`, `month`, `hour` or `year` header, in that part's
/// range, are a part of a date cut from it rather than an amount: the day of a month is no
/// more of a trait than the date it came from.
fn calendar_part(header: &str, hints: &ValueHints) -> Option<&'static str> {
    let (lo, hi, why) = match normalise_header(header).as_str() {
        "day" | "day of month" | "day of the month" | "dayofmonth" | "dom" => {
            (1.0, 31.0, "days of a month, cut from a date: not a trait, not used")
        }
        "weekday" | "day of week" | "day of the week" | "dayofweek" | "dow" | "wday" => {
            (0.0, 7.0, "days of the week, cut from a date: not a trait, not used")
        }
        "month" | "month of year" | "monthofyear" => (1.0, 12.0, MONTHS_CUT),
        "hour" | "hour of day" | "hourofday" => (0.0, 24.0, "hours of a day, cut from a time: not a trait, not used"),
        // (Wage's survey `year`, 2003 to 2009: when a row was written, not who the customer
        // is; personas "with high year")
        "year" | "yr" | "survey year" | "calendar year" | "record year" => (
            1900.0,
            2100.0,
            "calendar years, likely when each row was written: not used (choose a role if they are a trait)",
        ),
        _ => return None,
    };
    (hints.min? >= lo && hints.max? <= hi).then_some(why)
}

/// Why a month cut from a date is left out, as numbers (`5`) or as names (`may`).
const MONTHS_CUT: &str = "months, cut from a date: not a trait, not used";

/// `jan` to `dec`, `january` to `december`.
fn month_name(v: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let v = v.trim().trim_end_matches('.');
    v.len() >= 3
        && MONTHS.iter().any(|m| *m == v || (v.len() == 3 && m.starts_with(v)) || (v == "sept" && *m == "september"))
}

/// The role values alone suggest: the role of a column whose header says nothing (or whose
/// header was contradicted by its values).
fn role_from_values(header: &str, hints: &ValueHints) -> (Role, &'static str) {
    use ColumnType as T;
    let top_are = |words: &[&str]| hints.top_all(|v| words.contains(&v));
    // JSON objects (an analytics tool's `event_properties`): data for programs, not lists
    // nor anyone's words
    if hints.top_all(|v| v.starts_with('{') && v.ends_with('}')) {
        return (Role::Ignored, "JSON objects: data for programs, not used");
    }
    match hints.column_type {
        // links (a review's page on the store) are long, but no one wrote them
        Some(T::FreeText) if hints.top_all(looks_like_url) => {
            (Role::Ignored, "web addresses: not what a customer wrote")
        }
        // (a shop's `Purchase Point`, the same store name on every row)
        Some(T::FreeText) if hints.distinct == 1 => (Role::Ignored, "a single value throughout"),
        Some(T::FreeText) => (Role::FeedbackText, "long free text"),
        // (a lead form's `adset_name` of `Interest - Excel, SQL`: the ad's name)
        Some(T::MultiValue) if names_a_thing(header) => {
            (Role::Ignored, "the names of campaigns, ads or forms, not anyone's interests: not used")
        }
        Some(T::MultiValue) => (Role::Interests, "lists of short items"),
        // (a table of films, tracks or products beside the customers: `film_id`, `TrackId`)
        Some(T::Id) if hints.index == 0 && thing_of_id(header).is_some() => {
            (Role::Ignored, "identifiers in the first column, named after something other than the customer: not used")
        }
        Some(T::Id) if hints.index == 0 => (Role::CustomerId, "unique identifiers in the first column"),
        Some(T::Boolean) if boolean_gender(header).is_some() => (Role::Gender, "yes/no values named after a gender"),
        // (one value, a card check's `M` for a match on every row, is no gender)
        Some(T::Category) if hints.distinct >= 2 && top_are(GENDER_WORDS) => (Role::Gender, "values look like genders"),
        Some(T::Integer) if hints.min >= Some(16.0) && hints.max <= Some(100.0) && header.is_empty() => {
            (Role::Age, "whole numbers between 16 and 100")
        }
        // who served the customer, by name (a studio's `Staff`, a restaurant's `Server`); a
        // school's `staff` may be their number
        Some(T::Category | T::Text)
            if matches!(
                normalise_header(header).as_str(),
                "staff" | "server" | "stylist" | "therapist" | "instructor"
            ) =>
        {
            (Role::Ignored, "the names of the business's staff, not the customer's traits: not used")
        }
        // (bank-full's `day` of the last call, 1 to 31: without its month and year no amount,
        // and personas "with high day")
        Some(T::Integer) if let Some(why) = calendar_part(header, hints) => (Role::Ignored, why),
        // (and its `month` of `may`, `jun`)
        Some(T::Category) if normalise_header(header) == "month" && hints.top_all(month_name) => {
            (Role::Ignored, MONTHS_CUT)
        }
        // (a shop's flat `shipping_cost` of 4.90 on every order tells no one apart)
        Some(T::Integer | T::Number) if hints.distinct == 1 && hints.present >= 10 => {
            (Role::Ignored, "a single value throughout")
        }
        Some(T::Integer | T::Number) => (Role::Attribute, "numbers with no special role: used as an attribute"),
        Some(T::Boolean) => (Role::Attribute, "yes/no values with no special role: used as an attribute"),
        Some(T::Category) if hints.distinct >= 2 => {
            (Role::Attribute, "categories with no special role: used as an attribute")
        }
        Some(T::Id) => (Role::Ignored, "nearly every value differs: an identifier"),
        Some(T::Text) => (Role::Ignored, "short texts where most values differ (names, addresses)"),
        Some(T::Empty) => (Role::Ignored, "every value is missing"),
        Some(T::Category) => (Role::Ignored, "a single value throughout"),
        Some(T::Date) => (Role::Ignored, "dates with no special role"),
        None => (Role::Ignored, "no header or value pattern matched"),
    }
}

/// Suggests a role from the header and, failing that, from the values. A header's suggestion
/// is checked against the values; when they contradict it, the values decide and the reason
/// says both.
pub fn suggest_role(header: &str, hints: &ValueHints) -> RoleSuggestion {
    // a business's replies (an app store's `Developer Reply Text`, a review site's `Company
    // Reply`): its own words, not what its customers said
    if names_a_reply(header)
        && matches!(hints.column_type, Some(ColumnType::FreeText | ColumnType::Text | ColumnType::Category))
    {
        return RoleSuggestion {
            role: Role::Ignored,
            reason: "a reply to the customer: the business's words, not theirs: not used".to_owned(),
        };
    }
    // a survey tool's `Distribution Channel` (Qualtrics': anonymous, email, preview) says how
    // the survey went out; a booking's or a sale's (`Direct`, `TA/TO`, `Corporate`) how the
    // customer came
    if normalise_header(header) == "distribution channel"
        && matches!(hints.column_type, Some(ColumnType::Category | ColumnType::Text))
        && !hints.top_all(|v| {
            matches!(
                v,
                "anonymous"
                    | "email"
                    | "preview"
                    | "gl"
                    | "sms"
                    | "smsinvite"
                    | "qr"
                    | "offline"
                    | "social"
                    | "personal"
                    | "test"
            )
        })
    {
        return RoleSuggestion {
            role: Role::Channel,
            reason: "header matches \u{201c}distribution channel\u{201d}, and the values are no survey tool\u{2019}s: how the customer came".to_owned(),
        };
    }
    if let Some((role, word)) = role_from_header(header) {
        // a subscriber's `state` (active, cancelled, bounced) is where they stand, not a place
        if role == Role::Location && matches!(word, "state" | "estado") && standings(hints) {
            return RoleSuggestion {
                role: Role::Status,
                reason: format!(
                    "header reads as location (\u{201c}{word}\u{201d}), but the values say where each customer stands: status"
                ),
            };
        }
        // a time zone's abbreviation (a gateway's `Created Timezone` of CDT and UTC) says when,
        // not where: a zone written out (`America/Chicago`) is a place
        if role == Role::Location
            && matches!(word, "timezone" | "time zone")
            && hints.top_all(|v| (2..=5).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return RoleSuggestion {
                role: Role::Ignored,
                reason: format!(
                    "header reads as location (\u{201c}{word}\u{201d}), but the values are time zones' abbreviations: not used"
                ),
            };
        }
        // a customer's average order (a CRM's `Average Order Value` on each account's row) is
        // no order's value: a trait of theirs
        if role == Role::OrderValue
            && normalise_header(header)
                .split(' ')
                .any(|w| matches!(w, "average" | "avg" | "mean" | "median" | "durchschnitt" | "moyenne" | "promedio"))
        {
            return RoleSuggestion {
                role: Role::Attribute,
                reason: format!(
                    "header reads as order value (\u{201c}{word}\u{201d}), but it is an average of orders: used as an attribute"
                ),
            };
        }
        // a card's brand (a payment gateway's `Card Type` of Visa and Mastercard) is no plan,
        // as a loyalty card's kind (Gold, Platinum) is
        if role == Role::Plan && word.starts_with("card") && hints.top_all(is_card_brand) {
            return RoleSuggestion {
                role: Role::Attribute,
                reason: format!(
                    "header reads as plan (\u{201c}{word}\u{201d}), but the values are card brands: used as an attribute"
                ),
            };
        }
        // yes/no under a header that is left out for what it names: under an email's header
        // (`subscribed_to_emails`, `Unsubscribed from emails`), whether they agreed to be
        // mailed, no address; under the business's people's (`Is Staff Member`, `Employee`),
        // whether the customer is one of them: a trait either way
        if role == Role::Ignored && hints.column_type == Some(ColumnType::Boolean) && hints.distinct >= 2 {
            let reason = if word.contains("mail") {
                Some(
                    "yes/no values under an email's header: whether they agreed to mail, used as an attribute"
                        .to_owned(),
                )
            } else if ["staff", "team member", "employee", "cashier", "server"].iter().any(|w| word.contains(w)) {
                Some(format!(
                    "header matches \u{201c}{word}\u{201d}, but yes/no values: whether the customer is one, used as an attribute"
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                return RoleSuggestion { role: Role::Attribute, reason };
            }
        }
        // `Nombre` names a person in Spanish and counts in French (`Nombre d'achats` is a
        // header of its own): numbers under it are a count
        if word == "nombre" && matches!(hints.column_type, Some(ColumnType::Integer | ColumnType::Number)) {
            let (fallback, _) = role_from_values(header, hints);
            return RoleSuggestion {
                role: fallback,
                reason: format!(
                    "header matches \u{201c}nombre\u{201d}, a name in Spanish, but the values are numbers: a count, as in French: {}",
                    if fallback == Role::Attribute {
                        "used as an attribute".to_owned()
                    } else {
                        format!("read as {}", fallback.label().to_lowercase())
                    }
                ),
            };
        }
        // tags written long (`Purchased: Course, Newsletter`) are still tags, no one's words
        let fits = misfit(role, header, hints)
            .filter(|_| !(word == "tags" && hints.column_type == Some(ColumnType::FreeText)));
        match fits {
            // (an app store's `Package Name`, the one app on every row, tells no one apart; a
            // shop's one country still says where its customers are)
            None if hints.distinct == 1
                && hints.column_type == Some(ColumnType::Category)
                && matches!(role, Role::Plan | Role::Status | Role::Channel | Role::Touchpoint | Role::Occupation) =>
            {
                return RoleSuggestion {
                    role: Role::Ignored,
                    reason: format!("header matches \u{201c}{word}\u{201d}, but a single value throughout: not used"),
                };
            }
            None => return RoleSuggestion { role, reason: format!("header matches \u{201c}{word}\u{201d}") },
            Some(why) => {
                // a feedback word over numbers on a score's scale is a score (`Bewertung`), but
                // not one that counts (a feedback board's number of `Comments` on each post)
                if role == Role::FeedbackText
                    && !matches!(word, "comment" | "comments" | "notes" | "message")
                    && misfit(Role::Satisfaction, header, hints).is_none()
                {
                    return RoleSuggestion {
                        role: Role::Satisfaction,
                        reason: format!("header matches \u{201c}{word}\u{201d} and the values are scores"),
                    };
                }
                let (mut fallback, _) = role_from_values(header, hints);
                // long texts under a product's header describe the product (a shop's
                // `Product Details`), not what a customer said; a ticket's `Description` may.
                // Nor are a place's (a meeting's `Location` link, a time zone written out as
                // `Arizona, Yukon Time`), a campaign's, a channel's, a plan's or an event's
                // long names anyone's words.
                if fallback == Role::FeedbackText
                    && (role == Role::Product && word != "description"
                        || matches!(
                            role,
                            Role::Location | Role::Touchpoint | Role::Channel | Role::Plan | Role::EventType
                        ))
                {
                    fallback = Role::Ignored;
                }
                // a customer's name with a comma in it (an ERP's `Azure Interior, Brandon
                // Freeman`) names them; it lists no interests
                if fallback == Role::Interests && role == Role::CustomerId {
                    fallback = Role::Ignored;
                }
                // (a birthday with no year is a day of the year: no trait to segment on)
                if role == Role::Age && names_a_birthday(header) {
                    fallback = Role::Ignored;
                }
                let used = match fallback {
                    Role::Attribute => "used as an attribute".to_owned(),
                    Role::Ignored => "not used".to_owned(),
                    r => format!("read as {}", r.label().to_lowercase()),
                };
                return RoleSuggestion {
                    role: fallback,
                    reason: format!(
                        "header reads as {} (\u{201c}{word}\u{201d}), but {why}: {used}",
                        role.label().to_lowercase()
                    ),
                };
            }
        }
    }
    let (role, reason) = role_from_values(header, hints);
    RoleSuggestion { role, reason: reason.to_owned() }
}

/// Roles a file has at most one column of.
const SINGULAR: [Role; 13] = [
    Role::CustomerId,
    Role::Age,
    Role::Gender,
    Role::OrderId,
    Role::OrderDate,
    Role::OrderValue,
    Role::Quantity,
    Role::Discount,
    Role::EventTime,
    Role::EventType,
    Role::Satisfaction,
    Role::LastOrder,
    Role::OrderCount,
];

/// When several columns were suggested the same single-valued role (`Order Date` and
/// `Ship Date` both read as the order date), the most specific header match keeps it (a
/// whole-header match first, then the longest synonym; the first column on a tie) and the
/// others become attributes or are set aside.
pub fn dedupe_roles(columns: &mut [ColumnProfile]) {
    for role in SINGULAR {
        let holders: Vec<usize> = columns.iter().enumerate().filter(|(_, c)| c.role == role).map(|(i, _)| i).collect();
        if holders.len() < 2 {
            continue;
        }
        let strength = |i: usize| {
            let norm = normalise_header(&columns[i].name);
            match role_from_header(&columns[i].name) {
                // the money in the account's one currency first
                Some((Role::OrderValue, word))
                    if role == Role::OrderValue && names_converted_money(&columns[i].name) =>
                {
                    (4, word.len())
                }
                // a total says what the order cost; a unit price only with its quantity, and a
                // part of it (Kickstarter's `Shipping Amount` before its `Pledge Amount`) least
                // (`Order Total Amount (- Refund)` is a total, net of refunds: its note says
                // which, not what)
                Some((Role::OrderValue, _))
                    if role == Role::OrderValue
                        && normalise_header(without_kept_note(&columns[i].name)).split(' ').any(|w| {
                            matches!(
                                w,
                                "shipping" | "tax" | "taxes" | "fee" | "fees" | "tip" | "tips" | "refund" | "refunded"
                            )
                        }) =>
                {
                    (0, 1)
                }
                Some((Role::OrderValue, word)) if role == Role::OrderValue && UNIT_PRICES.contains(&word) => (1, 0),
                // an order's number over a line's or a payment's id (eBay's Order Number beside
                // its Transaction ID per item); between a payment's id and an invoice's number
                // (PayPal's, often left blank), the first column
                Some((Role::OrderId, word))
                    if role == Role::OrderId && (word.starts_with("transaction") || word.starts_with("invoice")) =>
                {
                    (1, 0)
                }
                // a known user over a browser's anonymous id (Segment's `user_id` beside its
                // `anonymous_id`, GA4's beside its `user_pseudo_id`): one person has several
                Some((Role::CustomerId, "anonymous id" | "user pseudo id")) if role == Role::CustomerId => (1, 0),
                Some((r, word)) if r == role => (2 + usize::from(norm == word), word.len()),
                _ => (0, 0),
            }
        };
        let winner = holders.iter().copied().max_by_key(|&i| (strength(i), std::cmp::Reverse(i))).unwrap_or(holders[0]);
        let winner_name = columns[winner].name.clone();
        let winner_mean = columns[winner].numeric.as_ref().map(|n| n.mean);
        let winner_repeats = columns[winner].values_repeat();
        for i in holders.into_iter().filter(|&i| i != winner) {
            let c = &mut columns[i];
            // another measure of the same money (a shop's `Grand Total (Purchased)` beside its
            // `Grand Total (Base)`, a till's gross sales beside what it collected), within a
            // quarter of it on average, would only say each customer's order value again; a
            // part of it (a ride's tip beside its fare) says something of its own
            let money_again =
                role == Role::OrderValue && !is_unit_price(&c.name) && winner_mean.is_some_and(|w| same_money(c, w));
            let usable = matches!(
                c.column_type,
                ColumnType::Integer | ColumnType::Number | ColumnType::Boolean | ColumnType::Category
            ) && !matches!(role, Role::CustomerId | Role::OrderId)
                && !money_again;
            c.role = if usable { Role::Attribute } else { Role::Ignored };
            // a payment's own `id` beside its `customer` (Stripe's charges): new on every row
            // where the customer's repeats, it names the row
            if role == Role::CustomerId && winner_repeats && !c.values_repeat() && c.count > c.missing {
                c.role_reason = format!(
                    "new on every row, so each row\u{2019}s own id, not a customer\u{2019}s: \u{201c}{winner_name}\u{201d} is the customer id"
                );
                continue;
            }
            c.role_reason = format!(
                "\u{201c}{winner_name}\u{201d} is already the {}{}",
                role.label().to_lowercase(),
                match (usable, role) {
                    (true, _) => ": used as an attribute",
                    (false, Role::OrderValue) => ": another measure of the same money, not used",
                    (false, _) => "",
                }
            );
        }
    }
}

/// Whether the file has a customer id and each customer one row.
fn id_unique(columns: &[ColumnProfile]) -> bool {
    columns.iter().find(|c| c.role == Role::CustomerId).is_some_and(|c| !c.values_repeat())
}

/// Whether a customer's money under this header is all they spent: not a month's or a year's
/// charges, a forecast, one order's or an average.
pub(crate) fn money_in_all(header: &str) -> bool {
    !normalise_header(header).split(' ').any(|w| {
        matches!(
            w,
            "monthly"
                | "month"
                | "annual"
                | "yearly"
                | "year"
                | "weekly"
                | "daily"
                | "arpu"
                | "bill"
                | "predicted"
                | "expected"
                | "forecast"
                | "projected"
                | "last"
                | "average"
                | "avg"
                | "mean"
                | "per"
        )
    })
}

/// Whether a header names a moment (`created`, `Order Date`, `timestamp`, `updatedAt`,
/// `time`): numbers under it that read as Unix times are times.
pub fn names_a_moment(header: &str) -> bool {
    const MOMENT_WORDS: &[&str] = &[
        "date",
        "time",
        "timestamp",
        "datetime",
        "created",
        "updated",
        "modified",
        "at",
        "ts",
        "epoch",
        "when",
        "datum",
        "zeit",
        "zeitstempel",
        "fecha",
        "hora",
        "heure",
        "horodatage",
        "tijd",
        "tijdstip",
    ];
    // a unit of time (`watch_time_ms`), or a length of time or who changed a record ([`LENGTHS`]:
    // `time_spent`, `created_by`), is no moment
    const NOT_MOMENTS: &[&str] = &[
        "ms",
        "us",
        "msec",
        "millis",
        "milliseconds",
        "micros",
        "microseconds",
        "sec",
        "secs",
        "seconds",
        "mins",
        "minutes",
        "hours",
        "hrs",
    ];
    let norm = normalise_header(header);
    let words = header_words(&norm);
    if words.iter().any(|w| NOT_MOMENTS.contains(w) || LENGTHS.contains(w)) {
        return false;
    }
    matches!(role_from_header(header), Some((Role::OrderDate | Role::LastOrder | Role::EventTime | Role::Tenure, _)))
        || words.iter().any(|w| MOMENT_WORDS.contains(w))
}

/// Words of a length of time or of who changed a record (`time_spent`, `created_by`, `Time
/// ID`): a header with one names no moment ([`names_a_moment`], [`epoch_unit`]).
const LENGTHS: &[&str] = &["spent", "played", "duration", "elapsed", "taken", "total", "by", "id"];

/// The unit of a Unix time whose header names it beside a moment (`timestamp_ms`,
/// `event_time_ms`, `ts_ms`, `timestamp_millis`, `created_at_us`): 1 for seconds, 1,000 for
/// milliseconds, 1,000,000 for microseconds. Such a header is no moment to
/// [`names_a_moment`] (`watch_time_ms` is a length of time), so the numbers decide: only a
/// column whose every number is a time in that unit is one (a length of time in
/// milliseconds is never 20 years long).
pub fn epoch_unit(header: &str) -> Option<i64> {
    let norm = normalise_header(header);
    let words: Vec<&str> = norm.split(' ').collect();
    let moment = words.iter().any(|w| {
        matches!(
            *w,
            "timestamp"
                | "time"
                | "ts"
                | "epoch"
                | "unix"
                | "datetime"
                | "date"
                | "at"
                | "created"
                | "updated"
                | "tstamp"
        )
    });
    if !moment || words.iter().any(|w| LENGTHS.contains(w) || *w == "watch") {
        return None;
    }
    words.iter().rev().find_map(|w| match *w {
        "ms" | "msec" | "millis" | "milli" | "milliseconds" => Some(1_000),
        "us" | "micros" | "micro" | "microseconds" | "usec" => Some(1_000_000),
        "s" | "sec" | "secs" | "seconds" => Some(1),
        _ => None,
    })
}

/// The level of a status column that means the customer left: `yes` of `churn` or `exited`,
/// `no` of `active`, `Attrited Customer`, `cancelled`.
pub(crate) fn leaving_level(label: &str, level: &str) -> bool {
    const LEAVING: &[&str] = &[
        "churn",
        "exit",
        "attrit",
        "cancel",
        "left",
        "lost",
        "closed",
        "gekundigt",
        "abgewandert",
        "resili",
        "baja",
        "opgezegd",
        "cancelad",
    ];
    const STAYING: &[&str] = &["active", "retain", "stay", "current", "existing", "aktiv", "actif", "activo"];
    const YES: &[&str] = &["yes", "true", "1", "y", "j", "ja", "oui", "si", "sí", "sim"];
    const NO: &[&str] = &["no", "false", "0", "n", "nein", "non", "nee", "nao", "não"];
    let head = normalise_header(label);
    let level = level.trim().trim_end_matches('.').to_lowercase();
    let has = |text: &str, words: &[&str]| words.iter().any(|w| text.contains(w));
    if YES.contains(&level.as_str()) {
        has(&head, LEAVING)
    } else if NO.contains(&level.as_str()) {
        has(&head, STAYING) && !has(&head, LEAVING)
    } else {
        has(&level, LEAVING) && !level.starts_with("not") && !level.starts_with("non")
    }
}

/// Whether a customers file's column says whether the customer left, so that segments are to
/// explain it rather than be built on it: a column named after leaving ([`names_an_outcome`]),
/// or a status with a level that means leaving (`Churned`, `canceled`, `Attrited Customer`;
/// not a loyalty tier's `Gold` or an account's `Verified`).
pub(crate) fn is_outcome<'a>(header: &str, status: bool, mut levels: impl Iterator<Item = &'a str>) -> bool {
    names_an_outcome(header) || status && levels.any(|l| leaving_level(header, l))
}

/// Whether a header names whether the customer left, or something made from it: `Churn`,
/// `Attrition_Flag`, `Exited`, IBM's `Churn Score` and `Churn Reason`, and the model scores
/// BankChurners ships (`Naive_Bayes_Classifier_Attrition_Flag_…`). Such a column is an outcome
/// for segments to explain.
pub fn names_an_outcome(header: &str) -> bool {
    normalise_header(header)
        .split(' ')
        .any(|w| w.starts_with("churn") || w.starts_with("attrit") || matches!(w, "exited" | "abgewandert"))
}

/// Whether a header names a yes/no answer a campaign or a model is after: a bank campaign's
/// `y`, a mailing's `Response`, a lead's `Converted`, a data set's `target`. With two values
/// on a customer's row it is an outcome for segments to explain, as whether they left is
/// ([`names_an_outcome`]), but it says nothing of leaving.
pub fn names_a_response(header: &str) -> bool {
    matches!(
        normalise_header(header).as_str(),
        "y" | "response"
            | "responded"
            | "campaign response"
            | "converted"
            | "conversion"
            | "subscribed"
            | "target"
            | "label"
            | "outcome"
            | "takeup"
            | "take up"
    )
}

/// Levels past which a category headed as an id (`session_id`) is an identifier, not a trait.
pub(crate) const ID_LIKE_LEVELS: u64 = 50;

/// Whether a date's header says it is an order's (`order_date`, `Kaufdatum`, `fecha de
/// venta`), not only a date (`Created at`, `Datum`).
fn names_an_orders_date(header: &str) -> bool {
    let h = normalise_header(header);
    header_words(&h).iter().any(|w| {
        ["order", "purchase", "transaction", "invoice", "sale", "bestell", "kauf", "rechnung", "auftrag", "commande"]
            .iter()
            .any(|p| w.starts_with(p))
            || matches!(*w, "achat" | "pedido" | "compra" | "venta" | "venda" | "aankoopdatum" | "besteldatum")
    })
}

/// Recognises a file's kind from its columns' roles.
pub fn file_kind(columns: &[ColumnProfile]) -> FileKind {
    let has = |r: Role| columns.iter().any(|c| c.role == r);
    let id_unique = id_unique(columns);
    let describes_people = columns.iter().any(|c| c.role.is_attribute_like());
    // what customers said, on more than a few rows (a members list's `note`, filled for one
    // member in twenty, is no file of comments), and on a third of them at least in a list of
    // customers described one to a row (a CRM table's `Notes` on a fifth of its accounts)
    let blank_at_most = if id_unique && describes_people { 0.65 } else { crate::import::MOSTLY_MISSING };
    // (and never in a list that sums up each customer's orders on their one row: a CRM's
    // companies with their `Details` and their `Last Order Date` and `Total Orders`)
    let sums_up_orders = id_unique && has(Role::LastOrder) && has(Role::OrderCount);
    // (nor a list of contacts whose texts are notes kept on each record: a CRM's
    // `Description` or `Notes` of a contact, which staff wrote, not the customer)
    let notes_on_records = |c: &ColumnProfile| {
        id_unique
            && describes_people
            && header_words(&normalise_header(&c.name)).last().is_some_and(|w| {
                matches!(*w, "note" | "notes" | "description" | "details" | "remarks" | "memo" | "bio" | "notizen")
            })
    };
    let said = !sums_up_orders
        && columns
            .iter()
            .any(|c| c.role == Role::FeedbackText && c.missing_share < blank_at_most && !notes_on_records(c));
    // an analytics tool's events, a purchase's order id and products on a few of them, are
    // events
    let logs_events = has(Role::EventType) && has(Role::EventTime);
    let orders_on_most =
        columns.iter().any(|c| matches!(c.role, Role::OrderId | Role::OrderValue) && c.missing_share < 0.5);
    // (a feedback board's posts, each under a product's category and dated, on most of its
    // rows: what people said, no orders)
    let said_on_most = columns.iter().any(|c| c.role == Role::FeedbackText && c.missing_share < 0.5);
    if logs_events && !orders_on_most {
        FileKind::Events
    } else if has(Role::OrderId)
        || (has(Role::OrderDate)
            && (has(Role::OrderValue) || has(Role::Quantity) || has(Role::Product) && !said_on_most))
    {
        FileKind::Transactions
    } else if has(Role::EventType) || has(Role::Touchpoint) && has(Role::EventTime) {
        FileKind::Events
    } else if said && (has(Role::CustomerId) || !describes_people)
        || has(Role::Satisfaction) && !id_unique && has(Role::CustomerId)
    {
        // (a survey's answers with no respondent id but with who answered, an age group, a
        // channel: one customer per row, below)
        FileKind::Feedback
    } else if has(Role::OrderDate)
        && has(Role::CustomerId)
        && !id_unique
        && (!describes_people || columns.iter().any(|c| c.role == Role::OrderDate && names_an_orders_date(&c.name)))
    {
        // dates and a customer id that repeats, and nothing about the customer: a log of
        // orders with no amount (`date,id`); with traits too where the date says it is an
        // order's (review 68: a log of pet licences by zip code, each with its species and
        // breed, under `order_date`; not a help desk's tickets `Created at`)
        FileKind::Transactions
    } else if has(Role::CustomerId) && id_unique || !has(Role::CustomerId) && describes_people {
        FileKind::Customers
    } else if has(Role::Satisfaction) {
        FileKind::Feedback
    } else if has(Role::CustomerId) && describes_people {
        // a customer id that repeats beside attributes: a customers file with duplicates (the
        // plausibility checks say so)
        FileKind::Customers
    } else {
        FileKind::Unknown
    }
}

/// Checks the suggested roles of a whole file against each other and returns its kind:
/// one column per single-valued role ([`dedupe_roles`]); money per customer in a file without
/// orders is spend, not an order value; a headerless log (an id that repeats, a date and
/// an amount) reads as orders; with no customer id, email addresses are the customers' key,
/// and failing them a column headed just `id` that repeats beside dates; the ids of something
/// else than the customer (`session_id`) are not used; and order numbers as shops print them
/// (`#1001`) are the order id.
pub fn review_file(columns: &mut [ColumnProfile], has_header: bool) -> FileKind {
    dedupe_roles(columns);
    let has = |cols: &[ColumnProfile], r: Role| cols.iter().any(|c| c.role == r);
    // a headerless log: the first column repeats like customer ids beside dates and amounts
    if !has_header
        && !has(columns, Role::CustomerId)
        && let Some(first) = columns.first()
    {
        let repeats = first.distinct < first.count.saturating_sub(first.missing);
        let dated = columns.iter().any(|c| c.column_type == ColumnType::Date);
        if repeats
            && dated
            && matches!(first.column_type, ColumnType::Category | ColumnType::Integer | ColumnType::Text)
        {
            columns[0].role = Role::CustomerId;
            columns[0].role_reason = "the first column repeats like customer ids beside dates".to_owned();
        }
    }
    // (before an address is weighed as the key: it may be blank where an order goes on)
    if !has(columns, Role::CustomerId) && columns.iter().any(|c| names_email(&c.name)) {
        order_numbers(columns);
    }
    // no customer id, but email addresses (a shop's orders export, a mailing list): the
    // address is what tells one customer from another
    if !has(columns, Role::CustomerId)
        && other_things_listed(columns).is_none()
        && let Some(i) = email_key(columns)
    {
        columns[i].role = Role::CustomerId;
        columns[i].role_reason =
            "email addresses, and no customer-id column: the address identifies the customer".to_owned();
    }
    // an account's number or code (a ledger's `AccountNumber`, which the invoices' export
    // does not carry) gives way to the customer's address, by which other files know them;
    // a billing tool's `account_code` with no address beside it keys the file
    if let Some(k) = columns.iter().position(|c| {
        c.role == Role::CustomerId
            && matches!(role_from_header(&c.name), Some((_, "account code" | "account number" | "account no")))
    }) && let Some(i) = email_key(columns)
    {
        columns[k].role = Role::Ignored;
        columns[k].role_reason = format!(
            "an account's number: \u{201c}{}\u{201d} keys the customers, as other files know them",
            columns[i].name
        );
        columns[i].role = Role::CustomerId;
        columns[i].role_reason =
            "email addresses beside an account's number: the address identifies the customer".to_owned();
    }
    // no id and no address, but the customer's name on each order (an invoicing tool's
    // `Client Name`, a till's cardholder): the name tells the customers apart. A record's
    // id, unique in the first column (a payment's), gives way to it, as it does to an address
    // below.
    let record_id = columns.iter().position(|c| {
        c.role == Role::CustomerId
            && c.column_type == ColumnType::Id
            && !matches!(role_from_header(&c.name), Some((Role::CustomerId, _)))
    });
    if (record_id.is_some() || !has(columns, Role::CustomerId))
        && email_key(columns).is_none()
        && has(columns, Role::OrderDate)
        && (has(columns, Role::OrderValue) || has(columns, Role::OrderId))
        && let Some(c) = columns.iter_mut().find(|c| {
            c.role == Role::Ignored
                && matches!(c.column_type, ColumnType::Category | ColumnType::Text)
                && c.distinct > 1
                && c.distinct < c.count.saturating_sub(c.missing)
                && matches!(
                    header_words(&normalise_header(&c.name)).join(" ").as_str(),
                    "customer name"
                        | "client name"
                        | "buyer name"
                        | "cardholder name"
                        | "customer full name"
                        | "kundenname"
                        | "nom du client"
                        | "nom client"
                        | "nombre del cliente"
                        | "nombre cliente"
                        | "klantnaam"
                )
        })
    {
        c.role = Role::CustomerId;
        c.role_reason =
            "the customer's name, and no id or email address: the name tells customers apart (two of one name count as one)"
                .to_owned();
        if let Some(r) = record_id {
            columns[r].role = Role::Ignored;
            columns[r].role_reason = "unique on every row: a record's id, not a customer's".to_owned();
        }
    }
    // a record's id in the first column, unique on every row (a ticket's, a payment's), beside
    // email addresses that repeat: the rows are records, the address tells customers apart.
    // Under a header that names nothing (a form tool's `#` of response tokens), the address
    // is the key even when it does not repeat: other files know the customer by it.
    if let Some(first) = columns.iter().position(|c| {
        c.role == Role::CustomerId
            && c.column_type == ColumnType::Id
            && !matches!(role_from_header(&c.name), Some((Role::CustomerId, _)))
    }) && let Some(i) = email_key(columns)
    {
        let unnamed = normalise_header(&columns[first].name).is_empty();
        let repeats = columns[i].distinct * 10 <= columns[i].count.saturating_sub(columns[i].missing) * 9;
        if repeats || unnamed {
            let email = &columns[i].name;
            let (record, key) = if repeats {
                (
                    format!(
                        "unique on every row: the id of a record, not of a customer (\u{201c}{email}\u{201d} repeats)"
                    ),
                    "email addresses that repeat from row to row: the address identifies the customer",
                )
            } else {
                (
                    format!("a record's number, named nothing: \u{201c}{email}\u{201d} identifies the customer"),
                    "email addresses, beside a first column named nothing: the address identifies the customer",
                )
            };
            columns[first].role = Role::Ignored;
            columns[first].role_reason = record;
            columns[i].role = Role::CustomerId;
            columns[i].role_reason = key.to_owned();
        }
    }
    // a customer id left blank on most rows of a list of people (a newsletter's
    // `stripe_customer_id`, filled for the paying members only) beside an address on nearly
    // every row, a different one on each: the address keys everyone, where the id would leave
    // most of them out. (In a log, an id left blank is someone else's row: a help desk's agent.)
    if let Some(id) = columns.iter().position(|c| c.role == Role::CustomerId && c.missing_share > 0.5)
        && let Some(i) = email_key(columns)
        && columns[i].distinct == columns[i].count - columns[i].missing
        && !columns[i].distinct_capped
    {
        let email = columns[i].name.clone();
        let c = &mut columns[id];
        c.role = Role::Ignored;
        c.role_reason = format!(
            "a customer id on {} of the rows only: \u{201c}{email}\u{201d}, on nearly every row, identifies the customer",
            crate::import::share(c.count - c.missing, c.count)
        );
        columns[i].role = Role::CustomerId;
        columns[i].role_reason =
            "email addresses on nearly every row, where the customer id is mostly blank: the address identifies the customer"
                .to_owned();
    }
    // the customer's name under the customer's header (a database's linked record, written as
    // the record's name: Airtable's `Customer` of `Max Kelly`), beside their address, one to
    // a name: the address tells them apart, and other files know them by it
    if let Some(k) = columns.iter().position(|c| {
        c.role == Role::CustomerId && c.column_type != ColumnType::Id && examples_all(c, looks_like_a_name)
    }) && let Some(i) = email_key(columns)
        && columns[i].distinct * 10 <= columns[k].distinct * 11
        && columns[k].distinct * 10 <= columns[i].distinct * 11
    {
        let email = columns[i].name.clone();
        columns[k].role = Role::Ignored;
        columns[k].role_reason =
            format!("the customers' names: \u{201c}{email}\u{201d}, one address to a name, identifies the customer");
        columns[i].role = Role::CustomerId;
        columns[i].role_reason =
            "email addresses beside the customers' names: the address identifies the customer".to_owned();
    }
    // email addresses otherwise name a person: not a trait to segment on (nor a place: a help
    // desk's "CC" is whom a ticket was copied to, not a country code)
    for c in columns
        .iter_mut()
        .filter(|c| matches!(c.role, Role::Attribute | Role::Location) && examples_all(c, looks_like_email))
    {
        c.role = Role::Ignored;
        c.role_reason = "email addresses: they name a person, not used".to_owned();
    }
    // a log whose customer column is headed just "id" (a date and an id, as a purchase log
    // from an analysis package comes): the id repeats beside dates, as a customer's does
    if has_header
        && !has(columns, Role::CustomerId)
        && columns.iter().any(|c| c.column_type == ColumnType::Date)
        && let Some(c) = columns.iter_mut().find(|c| {
            normalise_header(&c.name) == "id"
                && matches!(c.role, Role::Attribute | Role::Ignored)
                && matches!(c.column_type, ColumnType::Category | ColumnType::Integer | ColumnType::Text)
                && c.distinct < c.count.saturating_sub(c.missing)
        })
    {
        c.role = Role::CustomerId;
        c.role_reason = "“id” repeats beside dates, as a customer's id does in a log".to_owned();
    }
    // a data frame's row labels in the first column (R's `write.csv`, pandas' `to_csv`: a
    // header named nothing or `rownames`) beside the frame's own `id` (a purchase panel's
    // household on each of its purchases, or a customer table's own ids, which its orders
    // know them by): `id` is the customer
    if has_header
        && columns.first().is_some_and(|c| {
            c.role == Role::CustomerId
                && matches!(
                    normalise_header(&c.name).as_str(),
                    "" | "column 1" | "rownames" | "row names" | "unnamed 0"
                )
        })
        && let Some(i) = columns.iter().position(|c| {
            normalise_header(&c.name) == "id"
                && matches!(c.role, Role::Attribute | Role::Ignored)
                && matches!(
                    c.column_type,
                    ColumnType::Category | ColumnType::Integer | ColumnType::Text | ColumnType::Id
                )
                && c.distinct >= 2
        })
    {
        columns[0].role = Role::Ignored;
        columns[0].role_reason =
            "row numbers a program wrote before the table, beside its own \u{201c}id\u{201d}: not used".to_owned();
        columns[i].role = Role::CustomerId;
        columns[i].role_reason = if columns[i].values_repeat() {
            "\u{201c}id\u{201d} repeats from row to row beside the row numbers in the first column: the customer id"
        } else {
            "the table\u{2019}s own \u{201c}id\u{201d}, beside the row numbers a program wrote in the first column: the customer id"
        }
        .to_owned();
    }
    // a session's or a visit's id (an event log's `session_id`, GA4's `ga_session_id`,
    // Snowplow's `domain_sessionid`): which visit an event is in, however few the visits,
    // never a trait to mix by
    let names_a_session = |name: &str| {
        let norm = normalise_header(name);
        let words = header_words(&norm);
        matches!(
            words[..],
            [.., "sessionid" | "visitid"] | [.., "session" | "visit", "id" | "uid" | "key" | "number" | "no" | "nr"]
        )
    };
    for c in columns.iter_mut().filter(|c| {
        c.role == Role::Attribute
            && matches!(c.column_type, ColumnType::Category | ColumnType::Text | ColumnType::Integer | ColumnType::Id)
            && names_a_session(&c.name)
    }) {
        c.role = Role::Ignored;
        c.role_reason =
            "which visit each row is in (a session\u{2019}s id), not a trait of the customer: not used".to_owned();
    }
    // the ids of something else than the customer (a session, a ticket, a device, a report's
    // `Sales Record Number`): too many values to be a trait, and no role of their own
    let names_an_id = |name: &str| {
        let norm = normalise_header(name);
        let words = header_words(&norm);
        match words.last() {
            // (a payment provider's `Psp Reference`, 16 digits on each payment)
            Some(&("id" | "uid" | "uuid" | "guid" | "identifier" | "token" | "hash" | "reference" | "ref")) => true,
            Some(&("number" | "no" | "nr" | "num")) => words.len() >= 2,
            _ => false,
        }
    };
    for c in columns.iter_mut().filter(|c| {
        c.role == Role::Attribute
            && matches!(c.column_type, ColumnType::Category | ColumnType::Text | ColumnType::Integer)
            && c.distinct > ID_LIKE_LEVELS
            && names_an_id(&c.name)
    }) {
        c.role = Role::Ignored;
        c.role_reason = format!(
            "identifiers of something other than the customer ({}{} values): not used",
            if c.distinct_capped { "over " } else { "" },
            c.distinct
        );
    }
    // keys a system made (a shop's `order_state_id` of 32 hex digits, a country's UUID): even
    // a few of them say nothing a person can read, and the words they stand for are elsewhere
    for c in columns.iter_mut().filter(|c| {
        !matches!(c.role, Role::Ignored | Role::CustomerId | Role::OrderId)
            && matches!(c.column_type, ColumnType::Id | ColumnType::Category | ColumnType::Text)
            && examples_all(c, looks_like_opaque_key)
    }) {
        c.role = Role::Ignored;
        c.role_reason = "keys a system made (long hex digits): they say nothing of the customer: not used".to_owned();
    }
    // a thing's id beside its name (a course platform's `Offer ID` beside its `Offer Title`,
    // as many of each): the name says the same in words
    let named_ids: Vec<(usize, String)> = (0..columns.len())
        .filter_map(|i| {
            let c = &columns[i];
            if c.role != Role::Attribute || !matches!(c.column_type, ColumnType::Category | ColumnType::Integer) {
                return None;
            }
            let norm = normalise_header(&c.name);
            let (thing, last) = norm.rsplit_once(' ')?;
            if !matches!(last, "id" | "code" | "number" | "no") {
                return None;
            }
            let named = columns.iter().find(|o| {
                o.role != Role::Ignored
                    && o.distinct == c.distinct
                    && normalise_header(&o.name)
                        .rsplit_once(' ')
                        .is_some_and(|(t, w)| t == thing && matches!(w, "name" | "title" | "label" | "description"))
            })?;
            Some((i, named.name.clone()))
        })
        .collect();
    for (i, name) in named_ids {
        columns[i].role = Role::Ignored;
        columns[i].role_reason = format!("the id of \u{201c}{name}\u{201d}, which says the same in words: not used");
    }
    // a value written again in another form beside itself (a billing tool's `total_formatted`
    // as `$29.00` and `total_usd` beside its `total`, `status_formatted` beside `status`): the
    // same trait twice
    let copies: Vec<(usize, String)> = (0..columns.len())
        .filter_map(|i| {
            let c = &columns[i];
            if !matches!(c.role, Role::Attribute | Role::Spend) {
                return None;
            }
            let norm = normalise_header(&c.name);
            let (base, last) = norm.rsplit_once(' ')?;
            if !matches!(last, "formatted" | "usd" | "eur" | "gbp") {
                return None;
            }
            let original = columns.iter().find(|o| o.role != Role::Ignored && normalise_header(&o.name) == base)?;
            Some((i, original.name.clone()))
        })
        .collect();
    for (i, original) in copies {
        columns[i].role = Role::Ignored;
        columns[i].role_reason = format!("\u{201c}{original}\u{201d} written again, in another form: not used");
    }
    let id_repeats = columns.iter().find(|c| c.role == Role::CustomerId).is_some_and(ColumnProfile::values_repeat);
    // the customer named again on each of their rows (a marketplace's buyer's full name and
    // identity card's number beside its `Comprador`): as many values as customers, no trait
    if id_repeats
        && let Some(id) = columns.iter().find(|c| c.role == Role::CustomerId && !c.distinct_capped)
        && id.distinct > ID_LIKE_LEVELS
    {
        let customers = id.distinct;
        // (texts within a tenth of the customers' number: two buyers may share an address;
        // whole numbers only as long as an identity card's or a phone's, not a measure that
        // each customer's rows repeat)
        for c in columns.iter_mut().filter(|c| {
            let off = c.distinct.abs_diff(customers);
            c.role == Role::Attribute
                && !c.distinct_capped
                && match c.column_type {
                    ColumnType::Category | ColumnType::Text => off * 10 <= customers,
                    ColumnType::Integer => off * 50 <= customers && c.numeric.as_ref().is_some_and(|n| n.min >= 1e5),
                    _ => false,
                }
        }) {
            c.role = Role::Ignored;
            c.role_reason = format!(
                "{} values, one per customer: another name for the customer, not a trait",
                crate::format::thousands(c.distinct)
            );
        }
    }
    if id_repeats && !has(columns, Role::OrderDate) && !has(columns, Role::EventTime) {
        // an id that repeats beside one date and one amount: a log of orders
        // (not a date set ahead, a subscription's `scheduled_at` beside its `processed_at`)
        let dates = || {
            columns.iter().enumerate().filter(|(_, c)| c.column_type == ColumnType::Date && !c.role.is_special_date())
        };
        let date = dates().find(|(_, c)| !names_a_date_ahead(&c.name)).or_else(|| dates().next()).map(|(i, _)| i);
        // (whole numbers too under a money header: a payment API's amounts in cents; and no
        // share of something, as a course's `Percentage Completed`)
        // (a booking's `Event Price`, on the few paid meetings only, is no log's amount; a
        // column already read as the money is)
        let amount = columns.iter().position(|c| c.role == Role::OrderValue).or_else(|| {
            columns.iter().position(|c| {
                c.column_type == ColumnType::Number
                    && matches!(c.role, Role::Attribute | Role::Ignored)
                    && !names_a_share(&c.name)
                    && c.missing_share < 0.5
            })
        });
        if let (Some(d), Some(a)) = (date, amount) {
            columns[d].role = Role::OrderDate;
            columns[d].role_reason = "dates beside a customer id that repeats and an amount: order dates".to_owned();
            if columns[a].role != Role::OrderValue {
                columns[a].role = Role::OrderValue;
                columns[a].role_reason = "decimal amounts beside order dates: order values".to_owned();
            }
        }
    }
    // the types of events beside a customer id that repeats, with no time named (a booking
    // tool's `Event Type Name` beside its `Start Date & Time`): the first date says when
    if id_repeats
        && has(columns, Role::EventType)
        && !has(columns, Role::EventTime)
        && !has(columns, Role::OrderDate)
        && let Some(c) = columns.iter_mut().find(|c| c.column_type == ColumnType::Date && !c.role.is_special_date())
    {
        c.role = Role::EventTime;
        c.role_reason =
            "the first dates beside the types of events and a customer id that repeats: when each happened".to_owned();
    }
    // (again, for order dates found since)
    order_numbers(columns);
    subtotal_beside_total(columns);
    // an account's running balance on each line of a log of orders (a payment provider's
    // activity download, an accounting report): it grows with time, whoever the customer
    if id_repeats && has(columns, Role::OrderDate) {
        for c in columns.iter_mut().filter(|c| {
            c.role == Role::Attribute
                && matches!(c.column_type, ColumnType::Number | ColumnType::Integer)
                && matches!(
                    header_words(&normalise_header(&c.name)).join(" ").as_str(),
                    "balance" | "running balance" | "saldo" | "kontostand" | "solde" | "saldo actual"
                )
        }) {
            c.role = Role::Ignored;
            c.role_reason = "a running balance beside order dates: it tells when, not who: not used".to_owned();
        }
        // what each order earned the seller (a billing tool's `earnings` after its fees),
        // beside the order's value: the shop's money, no customer's income
        if has(columns, Role::OrderValue) {
            for c in columns
                .iter_mut()
                .filter(|c| c.role == Role::Income && header_words(&normalise_header(&c.name)).contains(&"earnings"))
            {
                c.role = Role::Ignored;
                c.role_reason =
                    "earnings on each order beside its value: the seller's money, not the customer's income: not used"
                        .to_owned();
            }
        }
    }
    // in a log of orders or of events, the same few texts on row after row (a payment
    // gateway's `message` of `Transaction approved`, an invoice line's description of the one
    // service sold, a page's title): a system wrote them, no customer did. (In a survey's or
    // a review's file, a few comments repeated are still what people said.)
    let logs_orders = has(columns, Role::OrderDate) && (has(columns, Role::OrderValue) || has(columns, Role::OrderId));
    let logs_events = has(columns, Role::EventType) && has(columns, Role::EventTime);
    if logs_orders || logs_events {
        for c in columns.iter_mut().filter(|c| {
            let present = c.count.saturating_sub(c.missing);
            c.role == Role::FeedbackText && !c.distinct_capped && present >= c.distinct * 20
        }) {
            let usable = c.column_type == ColumnType::Category;
            c.role = if usable { Role::Attribute } else { Role::Ignored };
            c.role_reason = format!(
                "the same {} texts on row after row beside {}: a system's words, not a customer's: {}",
                c.distinct,
                if logs_orders { "orders" } else { "events" },
                if usable { "used as an attribute" } else { "not used" }
            );
        }
    }
    let one_row_each = id_unique(columns);
    // a stage on each customer's one row, with no event times (a CRM's contacts export and
    // its "Lifecycle Stage"): where each customer stands, not a log of events
    if one_row_each && !has(columns, Role::EventTime) {
        for c in columns.iter_mut().filter(|c| c.role == Role::EventType) {
            let usable = matches!(c.column_type, ColumnType::Category | ColumnType::Boolean);
            c.role = if usable { Role::Attribute } else { Role::Ignored };
            c.role_reason = format!(
                "{}, but each customer has one row and no event times: {}",
                c.role_reason,
                if usable { "the stage they are at, used as an attribute" } else { "not used" }
            );
        }
    }
    // the date a customer's record was created or they subscribed, in a file of one row per
    // customer (a CRM's accounts or contacts, a mailing list's members): how long they have
    // been a customer
    let created = |name: &str| {
        // a CRM's headers say whose field it is first: `Person - Person created`
        let name = name.rsplit_once(" - ").map_or(name, |(_, field)| field);
        let norm = normalise_header(name);
        let words: Vec<&str> = header_words(&norm);
        // `Patronage Since Date`, `Subscriber since`
        words.contains(&"since")
            || matches!(
                words.join(" ").as_str(),
                "created"
                    | "created at"
                    | "created time"
                    | "create time"
                    | "person created"
                    | "contact created"
                    | "account created"
                    | "customer created"
                    | "record created"
                    | "user created"
                    | "created date"
                    | "create date"
                    | "creation date"
                    | "date created"
                    | "created on"
                    | "created utc"
                    | "optin time"
                    | "opt in time"
                    | "optin date"
                    | "opt in date"
                    | "date subscribed"
                    | "subscribed on"
                    | "subscribed at"
                    | "subscription date"
                    | "start date"
                    | "subscription start"
                    | "subscription start date"
                    // a mailing tool's contacts (Brevo's `ADDED_TIME`)
                    | "added time"
                    | "added at"
                    | "added on"
                    | "date added"
            )
    };
    // a `Description` on each record of a list with one row per customer and nothing of an
    // order (a CRM's people: `Met at SaaStr`): a note on the person, not a product
    if one_row_each && ![Role::OrderId, Role::OrderValue, Role::Quantity].iter().any(|r| has(columns, *r)) {
        for c in columns
            .iter_mut()
            .filter(|c| c.role == Role::Product && normalise_header(&c.name).split(' ').any(|w| w == "description"))
        {
            c.role = Role::Ignored;
            c.role_reason =
                "a description on each record of a list with one row per customer, and no orders: a note, not a product: not used"
                    .to_owned();
        }
    }
    // and a one-row-per-customer file's `Created At` (an order's time in a shop's orders
    // export) with nothing of an order beside it
    if one_row_each
        && !has(columns, Role::EventTime)
        && ![Role::OrderId, Role::OrderValue, Role::Quantity].iter().any(|r| has(columns, *r))
        && let Some(c) = columns.iter_mut().find(|c| c.role == Role::OrderDate && created(&c.name))
    {
        c.role = Role::Ignored;
        c.role_reason = "the day each customer's record was created, one row per customer: no order's day".to_owned();
    }
    if one_row_each
        && !has(columns, Role::Tenure)
        && !has(columns, Role::OrderDate)
        && !has(columns, Role::EventTime)
        && let Some(c) = columns
            .iter_mut()
            .find(|c| c.role == Role::Ignored && c.column_type == ColumnType::Date && created(&c.name))
    {
        c.role = Role::Tenure;
        c.role_reason =
            "the day each customer's record was created, one row per customer: how long they have been a customer"
                .to_owned();
    }
    // a count on each line of a log of orders (CDNOW's `number_of_cds`): the quantity bought
    if !one_row_each
        && has(columns, Role::OrderDate)
        && has(columns, Role::OrderValue)
        && !has(columns, Role::Quantity)
        && let Some(c) = columns.iter_mut().find(|c| {
            let header = normalise_header(&c.name);
            c.role == Role::Attribute
                && c.column_type == ColumnType::Integer
                && c.numeric.as_ref().is_some_and(|n| n.min >= 0.0)
                && ["number of ", "num of ", "no of ", "count of "].iter().any(|p| header.starts_with(p))
        })
    {
        c.role = Role::Quantity;
        c.role_reason = "a count on each line of a log of orders: the quantity bought".to_owned();
    }
    if has(columns, Role::OrderValue) && !has(columns, Role::OrderDate) && !has(columns, Role::OrderId) {
        for c in columns.iter_mut().filter(|c| c.role == Role::OrderValue) {
            c.role = Role::Spend;
            c.role_reason =
                format!("{}; with no order dates in this file it is money per customer: spend", c.role_reason);
        }
    }
    // a unit price beside a quantity in a file of orders: each line's money is the two multiplied
    if has(columns, Role::OrderDate)
        && let Some(v) = columns.iter().position(|c| c.role == Role::OrderValue)
        && let Some(q) = unit_price_quantity(columns, v)
    {
        let q = columns[q].name.clone();
        let c = &mut columns[v];
        c.role_reason =
            format!("{}; a unit price, so each line's money is it times \u{201c}{q}\u{201d}", c.role_reason);
    }
    // a number of orders with no day of the last one beside it (a shop's `Total Orders`
    // alone, a table's `frequency`): no recency to score, a number like any other
    if !has(columns, Role::LastOrder) {
        for c in columns.iter_mut().filter(|c| c.role == Role::OrderCount) {
            c.role = Role::Attribute;
            c.role_reason = format!("{}, but no last order's date beside it: used as an attribute", c.role_reason);
        }
    }
    // each customer's average order beside their orders summed up (a CRM's `Average Order
    // Value`, a shop's `AOV`, beside `Total Orders` and `Total Spent`): the money over the
    // orders, said again
    if has(columns, Role::LastOrder)
        && let Some(n) = columns.iter().find(|c| c.role == Role::OrderCount).map(|c| c.name.clone())
        && let Some(m) = columns.iter().find(|c| c.role == Role::Spend && money_in_all(&c.name)).map(|c| c.name.clone())
    {
        for c in columns.iter_mut().filter(|c| {
            let norm = normalise_header(&c.name);
            let words = header_words(&norm);
            c.role == Role::Attribute
                && matches!(c.column_type, ColumnType::Number | ColumnType::Integer)
                && (words == ["aov"]
                    || words.contains(&"order")
                        && words.iter().any(|w| matches!(*w, "average" | "avg" | "mean"))
                        && words.iter().any(|w| matches!(*w, "value" | "amount"))
                    // (German: `Durchschn. Bestellwert`)
                    || words.iter().any(|w| w.starts_with("durchschn")) && words.contains(&"bestellwert"))
        }) {
            c.role = Role::Ignored;
            c.role_reason = format!(
                "each customer's average order: \u{201c}{m}\u{201d} over \u{201c}{n}\u{201d} says it again: not used"
            );
        }
    }
    // a customer's own order figures (`Last Order Date`, `Total Orders`) on the rows of a log
    // of orders or events: the log's rows say when and how often themselves
    let kind = file_kind(columns);
    // a log of a few customers' orders (a wholesaler's dozen accounts, a short extract): its
    // `Customer ID` of few values is the customer id all the same where they look like ids
    // (numbers of four digits or more, codes with a digit), as customers repeat from order to
    // order
    if kind == FileKind::Transactions
        && !has(columns, Role::CustomerId)
        && let Some(c) = columns.iter_mut().find(|c| {
            let id_like = match &c.numeric {
                Some(n) => n.min >= 1_000.0 && n.max < 1e15,
                None => {
                    !c.top_values.is_empty()
                        && c.top_values.iter().all(|(v, _)| v.len() >= 4 && v.contains(|ch: char| ch.is_ascii_digit()))
                }
            };
            c.role == Role::Attribute
                && c.role_reason.contains("too few for an id")
                && matches!(role_from_header(&c.name), Some((Role::CustomerId, _)))
                && c.distinct >= 3
                && id_like
        })
    {
        c.role = Role::CustomerId;
        c.role_reason = format!(
            "header matches a customer id; only {} distinct values, but in a log of orders, where customers repeat: the customer id",
            c.distinct
        );
    }
    // a file of orders with no order date but a time under another header (Olist's
    // `order_purchase_timestamp`): that is when each order was made
    if kind == FileKind::Transactions
        && !columns.iter().any(|c| c.role == Role::OrderDate)
        && let Some(c) = columns.iter_mut().find(|c| {
            // (a bare `timestamp`, or one that names the order: not a review's answer's time)
            let norm = normalise_header(&c.name);
            let words: Vec<&str> = norm.split(' ').collect();
            c.role == Role::EventTime
                && c.column_type == ColumnType::Date
                && (words.len() == 1
                    || words.iter().any(|w| {
                        matches!(
                            *w,
                            "order"
                                | "purchase"
                                | "purchased"
                                | "created"
                                | "placed"
                                | "paid"
                                | "checkout"
                                | "sale"
                                | "transaction"
                                | "bought"
                        )
                    }))
        })
    {
        c.role = Role::OrderDate;
        c.role_reason = format!("{}; in a file of orders with no other date, each order's: order date", c.role_reason);
    }
    if matches!(kind, FileKind::Transactions | FileKind::Events) {
        for c in columns.iter_mut().filter(|c| matches!(c.role, Role::LastOrder | Role::OrderCount)) {
            let usable = matches!(c.column_type, ColumnType::Integer | ColumnType::Number);
            c.role = if usable { Role::Attribute } else { Role::Ignored };
            c.role_reason = format!(
                "{}, but on the rows of a log of {}: {}",
                c.role_reason,
                if kind == FileKind::Transactions { "orders" } else { "events" },
                if usable { "used as an attribute" } else { "the log's own dates say it: not used" }
            );
        }
        // the business's own place on each sale or visit (a studio's or a salon's `Location`,
        // a till's `Store`): where they bought, not where they live
        for c in columns.iter_mut().filter(|c| {
            c.role == Role::Location
                && matches!(
                    normalise_header(&c.name).as_str(),
                    "location"
                        | "location name"
                        | "store"
                        | "store name"
                        | "branch"
                        | "outlet"
                        | "venue"
                        | "studio"
                        | "site"
                        | "shop"
                )
        }) {
            // (one place on every row tells no one apart)
            let one = c.distinct == 1;
            c.role = if one { Role::Ignored } else { Role::Attribute };
            c.role_reason = format!(
                "{}, but the business's place on each of a customer's {}, not where they live: {}",
                c.role_reason,
                if kind == FileKind::Transactions { "orders" } else { "visits" },
                if one { "a single value throughout: not used" } else { "used as an attribute" }
            );
        }
        // an order's status (`Delivered`, `Cancelled`) is the order's, not the customer's: a
        // cancelled order is no customer leaving, nor a missed class (a studio's visits' `No
        // show`). A subscription's (`active`, `canceled`) is.
        for c in columns.iter_mut().filter(|c| {
            c.role == Role::Status
                && !names_whose_status(&c.name)
                && !c.top_values.iter().any(|(v, _)| says_one_of(STILL_HERE, v))
        }) {
            c.role = Role::Attribute;
            c.role_reason = format!(
                "{}, but {} status, not a customer's: used as an attribute",
                c.role_reason,
                if kind == FileKind::Transactions { "an order's" } else { "a visit's or an event's" }
            );
        }
        return file_kind(columns);
    }
    // a help desk's tickets or conversations (`open`, `closed`, `pending`), several for one
    // customer: a closed ticket is no customer leaving
    if kind == FileKind::Feedback && id_repeats {
        for c in columns.iter_mut().filter(|c| c.role == Role::Status && !names_whose_status(&c.name)) {
            c.role = Role::Attribute;
            c.role_reason = format!(
                "{}, but the status of each of a customer's tickets or responses: used as an attribute",
                c.role_reason
            );
        }
    }
    // a table of something else, one to a row under its own id (a database's products, films
    // or employees): no list of customers, whatever it says of each
    if kind == FileKind::Customers && other_things_listed(columns).is_some() {
        return FileKind::Unknown;
    }
    kind
}

/// What a file lists one to a row, when it is something other than customers: its first
/// column holds unique ids named after that thing, and no column is a customer id.
pub fn other_things_listed(columns: &[ColumnProfile]) -> Option<&'static str> {
    let first = columns.first()?;
    let unique = first.column_type == ColumnType::Id;
    if !unique || columns.iter().any(|c| c.role == Role::CustomerId) {
        return None;
    }
    thing_of_id(&first.name)
}

/// Whether a status header says whose status it is, and it is the customer's own (`Customer
/// Status`, `Account Status`, `Membership Status`): on each row of a log or of a repeated
/// survey it is still where the customer stands, not an order's or a ticket's.
fn names_whose_status(header: &str) -> bool {
    normalise_header(header).split(' ').any(|w| {
        matches!(
            w,
            "customer"
                | "customers"
                | "client"
                | "account"
                | "member"
                | "membership"
                | "subscriber"
                | "subscription"
                | "contract"
                | "kunde"
                | "kunden"
                | "konto"
                | "abonnement"
                | "cliente"
                | "cuenta"
                | "klant"
        )
    })
}

/// Statuses that say a customer (a member, a subscription) is still with the business, as a
/// subscription's export writes them; an order's statuses say none of them.
const STILL_HERE: &[&str] = &[
    "active", "trialing", "trial", "past due", "paused", "aktiv", "actif", "activo", "activa", "actief", "ativo",
    "in trial", "live",
];

impl Role {
    /// Roles that describe a customer rather than an order, event or comment. (A last order's
    /// date or a number of orders says how someone buys, not who they are: a log of orders
    /// with a `Last Order Date` on each line is still a log.)
    pub fn is_attribute_like(self) -> bool {
        matches!(
            self,
            Role::Age
                | Role::Gender
                | Role::Location
                | Role::Income
                | Role::Occupation
                | Role::Education
                | Role::Household
                | Role::Interests
                | Role::Values
                | Role::Lifestyle
                | Role::Tenure
                | Role::Status
                | Role::Plan
                | Role::Spend
                | Role::Attribute
        )
    }

    fn is_special_date(self) -> bool {
        matches!(self, Role::Age | Role::Tenure | Role::OrderDate | Role::LastOrder | Role::EventTime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_six_languages_map_to_roles() {
        let table: &[(&str, Option<Role>)] = &[
            ("Customer ID", Some(Role::CustomerId)),
            // a survey's questions: asking for satisfaction or a recommendation is a score
            ("How satisfied are you with our service?", Some(Role::Satisfaction)),
            ("How likely are you to recommend us to a friend or colleague?", Some(Role::Satisfaction)),
            ("Wie zufrieden sind Sie mit unserem Service?", Some(Role::Satisfaction)),
            ("Recommended product", Some(Role::Product)),
            // alternatives name what they agree on; a ratio of two things names neither
            ("Product/Service", Some(Role::Product)),
            ("Province / Territory", Some(Role::Location)),
            ("Revenue/Customer", None),
            ("Sales/Visit", None),
            ("Revenue/Month", None),
            // what a thing is called names the thing; a person's name is no trait
            ("Plan Name", Some(Role::Plan)),
            ("Location Name", Some(Role::Location)),
            ("Campaign Name", Some(Role::Touchpoint)),
            ("Ad Name", None),
            ("Referred By", Some(Role::Touchpoint)),
            ("Lead Source", Some(Role::Touchpoint)),
            // GA4's BigQuery export, flattened
            ("traffic_source.medium", Some(Role::Channel)),
            ("traffic_source_medium", Some(Role::Channel)),
            ("session_medium", Some(Role::Channel)),
            ("Session default channel group", Some(Role::Channel)),
            ("device.category", Some(Role::Touchpoint)),
            ("Customer Name", Some(Role::Ignored)),
            ("Agent Name", Some(Role::Ignored)),
            // a review's stars
            ("Star Rating", Some(Role::Satisfaction)),
            ("Review Stars", Some(Role::Satisfaction)),
            ("Credit Rating", None),
            // a marketplace's and a till's names for the buyer, the order's money, a surname
            ("Buyer Username", Some(Role::CustomerId)),
            // a category is a product's only when nothing else is said
            ("Category", Some(Role::Product)),
            ("Item Category", Some(Role::Product)),
            ("Forecast category", None),
            ("Customer category", None),
            ("Total Price", Some(Role::OrderValue)),
            ("Surname", Some(Role::Ignored)),
            ("Date Registered", Some(Role::Tenure)),
            ("registered_at", Some(Role::Tenure)),
            ("distinct_id", Some(Role::CustomerId)),
            ("customer_id", Some(Role::CustomerId)),
            ("customerId", Some(Role::CustomerId)),
            ("Kunden-Nr.", Some(Role::CustomerId)),
            ("Kundennummer", Some(Role::CustomerId)),
            ("N° client", Some(Role::CustomerId)),
            ("ID Cliente", Some(Role::CustomerId)),
            ("Klantnummer", Some(Role::CustomerId)),
            ("CUSTNO", Some(Role::CustomerId)),
            ("Kd.-Nr.", Some(Role::CustomerId)),
            ("Alter", Some(Role::Age)),
            ("Âge", Some(Role::Age)),
            ("Edad", Some(Role::Age)),
            ("Leeftijd", Some(Role::Age)),
            ("Idade", Some(Role::Age)),
            ("Geburtsjahr", Some(Role::Age)),
            ("Date of birth", Some(Role::Age)),
            ("Contact person", Some(Role::Ignored)),
            ("Recipient", Some(Role::Ignored)),
            ("Sale Price", Some(Role::OrderValue)),
            ("Geschlecht", Some(Role::Gender)),
            ("Sexe", Some(Role::Gender)),
            ("PLZ", Some(Role::Location)),
            ("Ville", Some(Role::Location)),
            ("Woonplaats", Some(Role::Location)),
            ("Country", Some(Role::Location)),
            ("Jahreseinkommen", Some(Role::Income)),
            // a burden on an income, and a survey's sampling weight, are neither income nor trait
            ("installment_rate_in_percentage_of_disposable_income", None),
            ("Share of household income", None),
            ("debt_to_income", None),
            ("debt_to_income_joint", None),
            ("verified_income", None),
            ("Income verification", None),
            ("Household income", Some(Role::Income)),
            ("Pre-tax income", Some(Role::Income)),
            ("Income (after tax)", Some(Role::Income)),
            ("Person weight in kg", None),
            ("fnlwgt", Some(Role::Ignored)),
            ("PERWT", Some(Role::Ignored)),
            ("Sampling weight", Some(Role::Ignored)),
            ("Weight", None),
            ("Beruf", Some(Role::Occupation)),
            ("Opleiding", Some(Role::Education)),
            ("Familienstand", Some(Role::Household)),
            ("Hobbies", Some(Role::Interests)),
            ("Centres d'intérêt", Some(Role::Interests)),
            ("Werte", Some(Role::Values)),
            ("Lebensstil", Some(Role::Lifestyle)),
            ("Order ID", Some(Role::OrderId)),
            ("Bestellnummer", Some(Role::OrderId)),
            ("InvoiceNo", Some(Role::OrderId)),
            ("Order Date", Some(Role::OrderDate)),
            ("Bestelldatum", Some(Role::OrderDate)),
            ("Fecha de compra", Some(Role::OrderDate)),
            ("Sales", Some(Role::OrderValue)),
            ("Umsatz (EUR)", Some(Role::OrderValue)),
            ("dollar_value", Some(Role::OrderValue)),
            ("Montant", Some(Role::OrderValue)),
            ("Quantity", Some(Role::Quantity)),
            ("Menge", Some(Role::Quantity)),
            ("Discount", Some(Role::Discount)),
            ("Rabatt", Some(Role::Discount)),
            ("Channel", Some(Role::Channel)),
            ("Canal", Some(Role::Channel)),
            ("Category", Some(Role::Product)),
            ("Sub-Category", Some(Role::Product)),
            ("Warengruppe", Some(Role::Product)),
            ("Event Type", Some(Role::EventType)),
            ("Journey stage", Some(Role::EventType)),
            ("Timestamp", Some(Role::EventTime)),
            ("Touchpoint", Some(Role::Touchpoint)),
            ("Kommentar", Some(Role::FeedbackText)),
            ("Commentaire", Some(Role::FeedbackText)),
            ("NPS", Some(Role::Satisfaction)),
            ("Zufriedenheit", Some(Role::Satisfaction)),
            ("E-Mail", Some(Role::Ignored)),
            ("Vorname", Some(Role::Ignored)),
            ("qwerty", None),
            ("", None),
            // by word, not by substring: these are attributes, not ids or touchpoints
            ("device_protection", None),
            ("DeviceProtection", None),
            ("number_customer_service_calls", None),
            ("customer_type", None),
            ("PhoneService", None),
            ("internet_service", None),
            ("Ship Date", None),
            ("Area Code", None),
            // the role's word last, or followed by a qualifier or a unit
            ("total_charges", Some(Role::Spend)),
            ("MonthlyCharges", Some(Role::Spend)),
            ("Day Charge", Some(Role::Spend)),
            ("Int'l Plan", Some(Role::Plan)),
            ("Contract", Some(Role::Plan)),
            ("contract_type", Some(Role::Plan)),
            ("tenure", Some(Role::Tenure)),
            ("Account Length", Some(Role::Tenure)),
            ("signup_date", Some(Role::Tenure)),
            ("Kunde seit", Some(Role::Tenure)),
            ("Churn?", Some(Role::Status)),
            // an insurance claim paid out is no sale
            ("Total Claim Amount", None),
            ("Claim Amount", None),
            ("Attrition_Flag", Some(Role::Status)),
            ("customer_status", Some(Role::Status)),
            ("female", Some(Role::Gender)),
            ("Customer Name", Some(Role::Ignored)),
            ("email_address", Some(Role::Ignored)),
            ("Umsatz (EUR)", Some(Role::OrderValue)),
            ("dollar_value", Some(Role::OrderValue)),
            ("Age (years)", Some(Role::Age)),
            ("education_level", Some(Role::Education)),
            ("Last Order Date", Some(Role::LastOrder)),
            // a BI tool's customers table: the first order is when one became a customer
            ("FIRST_ORDER_DATE", Some(Role::Tenure)),
            ("Orders First Order Date", Some(Role::Tenure)),
            ("Orders Latest Order Date", Some(Role::LastOrder)),
            ("first_order", Some(Role::Tenure)),
            ("Erste Bestellung", Some(Role::Tenure)),
            ("Bestellungen", Some(Role::OrderCount)),
            // a pivot table's or Power BI's summaries of the orders' fields
            ("Sum of dollar_value", Some(Role::Spend)),
            ("Count of date", Some(Role::OrderCount)),
            ("Max of date", Some(Role::LastOrder)),
            ("Min of date", Some(Role::Tenure)),
            ("Count of OrderDate", Some(Role::OrderCount)),
            ("Count (Distinct) of OrderID", Some(Role::OrderCount)),
            ("Latest OrderDate", Some(Role::LastOrder)),
            ("Sum of SalesAmount", Some(Role::Spend)),
            ("Average of dollar_value", None),
            ("Sum of Quantity", Some(Role::Quantity)),
            ("Count of Orders", Some(Role::OrderCount)),
            ("Count of Orders Placed", Some(Role::OrderCount)),
            ("Summe von Umsatz", Some(Role::Spend)),
            ("Anzahl von Bestellnummer", Some(Role::OrderCount)),
            ("Max. von Bestelldatum", Some(Role::LastOrder)),
            ("Somme de Montant", Some(Role::Spend)),
            ("SUM(Sales)", Some(Role::Spend)),
            ("CNTD(Order ID)", Some(Role::OrderCount)),
            ("MAX(Order Date)", Some(Role::LastOrder)),
            ("Count(distinct OrderID)", Some(Role::OrderCount)),
            ("Max Speed", None),
            // a warehouse's keys
            ("O_CUSTKEY", Some(Role::CustomerId)),
            ("CustomerKey", Some(Role::CustomerId)),
            ("customer_sk", Some(Role::CustomerId)),
            ("O_ORDERKEY", Some(Role::OrderId)),
            ("billing_city", Some(Role::Location)),
            // a payment export's card details say nothing of the customer
            ("Card Last4", Some(Role::Ignored)),
            ("Card Exp Month", Some(Role::Ignored)),
            ("Total Spent", Some(Role::Spend)),
            // a note in brackets after the meaning says whose (a shop's billing and shipping
            // columns), and a unit in brackets is a unit
            ("First Name (Billing)", Some(Role::Ignored)),
            ("Phone (Shipping)", Some(Role::Ignored)),
            ("City (Billing)", Some(Role::Location)),
            ("Country Code (Billing)", Some(Role::Location)),
            ("Quantity (- Refund)", Some(Role::Quantity)),
            ("Start Date (UTC)", None),
            ("Total (Refunded)", None),
            ("(Billing)", None),
            // a mailing list's members export: coordinates and time-zone offsets are no traits,
            // a country code and a time zone are places
            ("LATITUDE", Some(Role::Ignored)),
            ("LocationLongitude", Some(Role::Ignored)),
            ("GMTOFF", Some(Role::Ignored)),
            ("CC", Some(Role::Location)),
            ("TIMEZONE", Some(Role::Location)),
            // people on a help desk's tickets and a CRM's records who are not the customer
            ("Requester", Some(Role::Ignored)),
            ("Assignee", Some(Role::Ignored)),
            ("Contact owner", Some(Role::Ignored)),
            ("Home Owner", None),
            // a till's export (Square's), a ticket shop's attendees (Eventbrite's), a
            // marketplace's orders (Etsy's)
            ("Net Sales", Some(Role::OrderValue)),
            ("Total Collected", Some(Role::OrderValue)),
            ("Total Paid", Some(Role::OrderValue)),
            ("Amount Paid", Some(Role::OrderValue)),
            ("PAN Suffix", Some(Role::Ignored)),
            ("Card Last 4", Some(Role::Ignored)),
            ("Order #", Some(Role::OrderId)),
            ("Invoice#", Some(Role::OrderId)),
            ("Customer #", Some(Role::CustomerId)),
            ("Attendee #", None),
            // (a number of orders, not an order's number)
            ("# of Orders", Some(Role::OrderCount)),
            ("Ship State", Some(Role::Location)),
            // a note in brackets says which zone or whose, not what the column is
            ("Purchase Time (UTC timezone)", None),
            ("Refund (Order Total)", None),
            ("Time Zone (Customer)", Some(Role::Location)),
        ];
        for (header, want) in table {
            assert_eq!(role_from_header(header).map(|r| r.0), *want, "header {header:?}");
        }
    }

    #[test]
    fn only_an_orders_total_may_repeat_on_its_lines() {
        for (header, want) in [
            ("Order Total Amount", true),
            ("Total", true),
            ("order_value", true),
            ("Bestellwert", true),
            ("Line Total", false),
            ("Item Price", false),
            // an attendees report: each ticket's row says what was paid for it
            ("Total Paid", false),
            ("amount", false),
        ] {
            assert_eq!(names_order_total(header), want, "{header}");
        }
    }

    #[test]
    fn values_suggest_a_role_when_the_header_does_not() {
        let genders = ["female".to_owned(), "male".to_owned(), "other".to_owned()];
        let hints =
            |ty, top: &'static [String]| ValueHints { column_type: Some(ty), top_values: top, ..Default::default() };
        let g: &'static [String] = Box::leak(Box::new(genders));
        let three = ValueHints { distinct: 3, ..hints(ColumnType::Category, g) };
        assert_eq!(suggest_role("column_3", &three).role, Role::Gender);
        // one value throughout (a card check's `M` for a match) says no gender
        let m: &'static [String] = Box::leak(Box::new(["m".to_owned()]));
        let one = ValueHints { distinct: 1, ..hints(ColumnType::Category, m) };
        assert_ne!(suggest_role("cvv_result", &one).role, Role::Gender);
        assert_eq!(suggest_role("column_9", &hints(ColumnType::FreeText, &[])).role, Role::FeedbackText);
        assert_eq!(suggest_role("tags", &hints(ColumnType::MultiValue, &[])).role, Role::Interests);
        assert_eq!(suggest_role("whatever", &hints(ColumnType::Boolean, &[])).role, Role::Attribute);
        // a birthday with no year (a loyalty program's `09-25`) gives no age; a band does
        let days: &'static [String] = Box::leak(Box::new(["09-25".to_owned(), "07-19".to_owned()]));
        let birthdays = ValueHints { distinct: 300, ..hints(ColumnType::Category, days) };
        assert_eq!(suggest_role("Date of birth", &birthdays).role, Role::Ignored);
        assert_eq!(suggest_role("DOB", &birthdays).role, Role::Ignored);
        let bands: &'static [String] = Box::leak(Box::new(["25-34".to_owned(), "35-44".to_owned()]));
        let bands = ValueHints { distinct: 6, ..hints(ColumnType::Category, bands) };
        assert_eq!(suggest_role("Age group", &bands).role, Role::Age);
        // a number the same on every row (a shop's flat shipping cost) tells no one apart
        let flat = ValueHints { distinct: 1, present: 500, ..hints(ColumnType::Number, &[]) };
        assert_eq!(suggest_role("shipping_cost", &flat).role, Role::Ignored);
        // (but three rows may agree by chance)
        let few = ValueHints { distinct: 1, present: 3, ..hints(ColumnType::Number, &[]) };
        assert_eq!(suggest_role("shipping_cost", &few).role, Role::Attribute);
        // the names of who served the customer are no trait of theirs; a school's count of
        // staff is a number like any other
        let names: &'static [String] = Box::leak(Box::new(["lee s.".to_owned(), "jon k.".to_owned()]));
        let staff = ValueHints { distinct: 12, present: 900, ..hints(ColumnType::Category, names) };
        assert_eq!(suggest_role("Staff", &staff).role, Role::Ignored);
        assert_eq!(suggest_role("Server", &staff).role, Role::Ignored);
        let counts = ValueHints { distinct: 40, present: 900, ..hints(ColumnType::Integer, &[]) };
        assert_eq!(suggest_role("staff", &counts).role, Role::Attribute);
        let two = ValueHints { distinct: 2, ..hints(ColumnType::Number, &[]) };
        assert_eq!(suggest_role("shipping_cost", &two).role, Role::Attribute);
        // a header that the values contradict yields to the values
        assert_eq!(suggest_role("Date", &hints(ColumnType::FreeText, &[])).role, Role::FeedbackText);
    }

    #[test]
    fn a_day_month_or_year_cut_from_a_date_is_no_trait() {
        use ColumnType as T;
        let months: &'static [String] =
            Box::leak(Box::new(["may", "jun", "jul", "aug", "nov", "apr"].map(String::from)));
        let month_names =
            ValueHints { column_type: Some(T::Category), top_values: months, distinct: 12, ..Default::default() };
        let cases: Vec<(&str, ValueHints, Role)> = vec![
            // bank-full's day and month of the last call
            ("day", numbers(T::Integer, 1.0, 31.0, 31, 45_211), Role::Ignored),
            ("month", month_names.clone(), Role::Ignored),
            ("Month", numbers(T::Integer, 1.0, 12.0, 12, 500), Role::Ignored),
            ("day_of_week", numbers(T::Integer, 1.0, 7.0, 7, 500), Role::Ignored),
            ("hour", numbers(T::Integer, 0.0, 23.0, 24, 500), Role::Ignored),
            // Wage's survey year
            ("year", numbers(T::Integer, 2003.0, 2009.0, 7, 3000), Role::Ignored),
            // past the part's range, the header means an amount of it: days or months as a
            // customer, counted
            ("day", numbers(T::Integer, 0.0, 400.0, 300, 500), Role::Attribute),
            ("month", numbers(T::Integer, 1.0, 72.0, 60, 500), Role::Attribute),
            ("year", numbers(T::Integer, 0.0, 40.0, 30, 500), Role::Attribute),
            // another header over day-like numbers is whatever it says
            ("visits", numbers(T::Integer, 1.0, 31.0, 31, 500), Role::Attribute),
        ];
        for (header, hints, want) in cases {
            assert_eq!(suggest_role(header, &hints).role, want, "{header} {:?}..{:?}", hints.min, hints.max);
        }
    }

    fn numbers(ty: ColumnType, min: f64, max: f64, distinct: u64, present: u64) -> ValueHints<'static> {
        ValueHints {
            column_type: Some(ty),
            min: Some(min),
            max: Some(max),
            distinct,
            present,
            distinct_ratio: distinct as f64 / present as f64,
            index: 3,
            ..Default::default()
        }
    }

    #[test]
    fn suggestions_are_checked_against_the_values() {
        use ColumnType as T;
        let table: &[(&str, ValueHints, Role, &str)] = &[
            // a credit rating is not a satisfaction score; a score on a 1-5 scale is
            ("Rating", numbers(T::Integer, 93.0, 982.0, 300, 400), Role::Attribute, "not a satisfaction scale"),
            ("Rating", numbers(T::Integer, 1.0, 5.0, 5, 400), Role::Satisfaction, "header matches"),
            // a numeric column never gets a text role: `Bewertung` as numbers is a score or an attribute
            ("Bewertung", numbers(T::Integer, 1.0, 10.0, 10, 400), Role::Satisfaction, "the values are scores"),
            ("Bewertung", numbers(T::Integer, 93.0, 982.0, 300, 400), Role::Attribute, "used as an attribute"),
            // years of education stay numbers (the feature is numeric, not "Education: 17")
            ("Education", numbers(T::Integer, 5.0, 20.0, 16, 400), Role::Education, "header matches"),
            // ten distinct values in 5,000 rows are no customer ids
            ("customer", numbers(T::Integer, 0.0, 9.0, 10, 5000), Role::Attribute, "too few for an id"),
            ("Customer ID", numbers(T::Integer, 0.0, 9.0, 10, 5000), Role::Attribute, "too few for an id"),
            // but a pilot's event log of ten users has ten ids; eight accounts of 600 people
            // are no customer ids
            ("user_id", numbers(T::Integer, 219_483_890.0, 219_483_899.0, 10, 181), Role::CustomerId, "header matches"),
            ("Customer ID", numbers(T::Integer, 1_004.0, 1_011.0, 8, 600), Role::Attribute, "too few for an id"),
            ("order_date", numbers(T::Number, 0.0, 9.5, 100, 5000), Role::Attribute, "the values are numbers"),
            ("Age", numbers(T::Integer, 1.0, 700.0, 100, 5000), Role::Attribute, "used as an attribute"),
            ("birth_year", numbers(T::Integer, 1931.0, 2006.0, 70, 5000), Role::Age, "header matches"),
            // a region coded 1, 2, 3 (UCI's wholesale customers) is no place to live in; a zip is
            ("Region", numbers(T::Integer, 1.0, 3.0, 3, 440), Role::Attribute, "whole numbers"),
            ("Zip", numbers(T::Integer, 1001.0, 99950.0, 900, 5000), Role::Location, "header matches"),
            // a yes/no column named after a gender is gender
            ("female", numbers(T::Boolean, 0.0, 1.0, 2, 7043), Role::Gender, "header matches"),
            ("is_male", numbers(T::Boolean, 0.0, 1.0, 2, 7043), Role::Gender, "header matches"),
            ("SeniorCitizen", numbers(T::Boolean, 0.0, 1.0, 2, 7043), Role::Attribute, "used as an attribute"),
        ];
        for (header, hints, role, reason) in table {
            let got = suggest_role(header, hints);
            assert_eq!(got.role, *role, "{header}: {}", got.reason);
            assert!(got.reason.contains(reason), "{header}: {}", got.reason);
        }
        assert_eq!(boolean_gender("female"), Some(("female", "male")));
        assert_eq!(boolean_gender("Is Male"), Some(("male", "female")));
        assert_eq!(boolean_gender("Married"), None);
    }

    #[test]
    fn email_addresses_and_shop_order_numbers_are_told_from_look_alikes() {
        for (v, email) in [
            ("emma.smith@example.com", true),
            ("O'Brien+news@mail.example.co.uk", true),
            ("a@b.io", true),
            ("@example.com", false),
            ("emma@localhost", false),
            ("emma@example.", false),
            ("emma@.com", false),
            ("emma smith@example.com", false),
            ("a@b@c.com", false),
            ("Acme Inc.", false),
            ("", false),
        ] {
            assert_eq!(looks_like_email(v), email, "{v:?}");
        }
        for (v, number) in
            [("#1001", true), ("#7", true), ("#", false), ("1001", false), ("#10a1", false), ("# 1001", false)]
        {
            assert_eq!(looks_like_order_number(v), number, "{v:?}");
        }
        // an email header keeps the ids' hashes while reading, to link files by it
        assert!(may_be_customer_id("Email", 1) && may_be_customer_id("Customer Email", 5));
        assert!(!may_be_customer_id("Billing Name", 0));
    }

    #[test]
    fn role_keys_round_trip_and_reject_unknowns() {
        for r in Role::ALL {
            assert_eq!(Role::from_key(r.key()), Some(r));
        }
        assert_eq!(Role::from_key("nonsense"), None);
    }

    #[test]
    fn a_status_is_an_outcome_only_when_a_level_means_leaving() {
        let cases: [(&str, &[&str], bool); 7] = [
            ("Status", &["Bronze", "Silver", "Gold", "Platinum"], false),
            ("Account Status", &["Verified", "Unverified"], false),
            ("Customer Status", &["Stayed", "Churned", "Joined"], true),
            ("status", &["active", "canceled", "past_due"], true),
            ("Attrition_Flag", &["Existing Customer", "Attrited Customer"], true),
            ("Active", &["yes", "no"], true),
            ("Exited", &["0", "1"], true),
        ];
        for (header, levels, outcome) in cases {
            assert_eq!(is_outcome(header, true, levels.iter().copied()), outcome, "{header}");
        }
        assert!(!is_outcome("Active", false, ["yes", "no"].into_iter()), "a yes/no that is no status");
    }

    #[test]
    fn outcomes_are_told_from_traits() {
        let cases = [
            ("Churn", true),
            ("Churn?", true),
            ("Attrition_Flag", true),
            ("Exited", true),
            ("Churn Score", true),
            ("churn_probability", true),
            ("Churn Reason", true),
            ("Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_1", true),
            ("Kunde abgewandert", true),
            ("Contract", false),
            ("Status", false),
            ("Exit Page", false),
            ("Months_Inactive_12_mon", false),
        ];
        for (header, outcome) in cases {
            assert_eq!(names_an_outcome(header), outcome, "{header}");
        }
        let responses = [
            ("y", true),
            ("Response", true),
            ("Converted", true),
            ("target", true),
            ("Campaign Response", true),
            ("Response Time", false),
            ("Days to Conversion", false),
            ("AcceptedCmp1", false),
            ("Target Audience", false),
            ("Churn", false),
        ];
        for (header, response) in responses {
            assert_eq!(names_a_response(header), response, "{header}");
        }
    }

    /// A header names a moment when its numbers may be Unix times; a length of time, a unit or
    /// who changed a record does not (their 9-digit numbers are no dates).
    #[test]
    fn moments_are_told_from_lengths_of_time_and_actors() {
        let cases = [
            ("timestamp", true),
            ("created_at", true),
            ("Order Date", true),
            ("time", true),
            ("updated", true),
            ("watch_time_ms", false),
            ("response_time_us", false),
            ("Total time played (ms)", false),
            ("time_spent", false),
            ("created_by", false),
            ("updated_by", false),
            ("Time ID", false),
            ("session duration", false),
        ];
        for (header, moment) in cases {
            assert_eq!(names_a_moment(header), moment, "{header}");
        }
        // a moment's header that names the unit of its Unix time
        for (header, unit) in [
            ("timestamp_ms", Some(1_000)),
            ("event_time_ms", Some(1_000)),
            ("ts_ms", Some(1_000)),
            ("timestamp_millis", Some(1_000)),
            ("created_at_us", Some(1_000_000)),
            ("event_time_s", Some(1)),
            ("unix_ms", Some(1_000)),
            ("watch_time_ms", None),
            ("time_spent_ms", None),
            ("duration_ms", None),
            ("timestamp", None),
        ] {
            assert_eq!(epoch_unit(header), unit, "{header}");
        }
    }
}
