//! The demo catalog's items, category by category.

use super::*;
use domain::catalog::ApprovalRule::{All, Any, Majority};
use domain::catalog::CostPeriod::{Monthly, OneOff};
use domain::catalog::TaskOrder::{Parallel, Sequence};

const DS: &str = "Desktop Support";
const SD: &str = "Service Desk";

fn hardware(o: &Org) -> Vec<Spec> {
    vec![
        item("hardware", "standard-laptop", "Standard laptop", "A business laptop with docking support, imaged and ready to use.", "laptop")
            .featured()
            .with(|d| {
                d.description = "The standard laptop for office work: **16 GB memory**, 512 GB SSD, Windows 11 and Office installed.\n\nYour old laptop is collected when the new one is handed over.".into();
                d.audience_note = "Employees whose laptop is older than four years, or new roles that need one.".into();
                d.keywords = vec!["notebook".into(), "computer".into(), "pc".into(), "thinkpad".into()];
                d.delivery_days = Some(5);
                d.cost = euros(1249, OneOff);
                d.form = FormSchema { fields: vec![
                    select("model", "Model", &["14\" everyday laptop", "16\" larger screen"]).req().default(choice("14\" everyday laptop")),
                    date("needed_by", "Needed by", 3, 90).req().help("We need at least three days to prepare it."),
                    select("keyboard_layout", "Keyboard layout", &["English (UK)", "English (US)", "German (QWERTZ)", "French (AZERTY)"]).req(),
                    long("notes", "Anything else we should know?"),
                ]};
                d.approvals = vec![o.manager()];
                d.fulfilment_group = Some(o.g(DS));
                d.fulfilment = o.tasks(Sequence, &[
                    ("Prepare and image the laptop", DS, "Image with the standard build, enrol in device management, label with the asset tag."),
                    ("Hand over and collect the old laptop", DS, "Book 15 minutes with the requester; wipe and return the old device to stock."),
                ]);
                d.sla_hours = Some(120);
            }),
        item("hardware", "developer-laptop", "Developer laptop", "A powerful laptop for software and data work, Linux or macOS.", "laptop")
            .featured()
            .with(|d| {
                d.description = "64 GB memory, 2 TB SSD. Choose macOS or Linux. A dedicated GPU is available for machine-learning work and needs a reason.".into();
                d.audience_note = "Engineering staff.".into();
                d.keywords = vec!["macbook".into(), "workstation".into(), "notebook".into(), "gpu".into()];
                d.delivery_days = Some(10);
                d.cost = euros(3400, OneOff);
                d.audience = o.only_departments(&["Engineering", "IT"]);
                d.form = FormSchema { fields: vec![
                    select("model", "Model", &["14\" MacBook Pro", "16\" MacBook Pro", "16\" workstation (Linux)"]).req(),
                    check("gpu", "I need a dedicated GPU"),
                    long("gpu_reason", "Why do you need a GPU?").req().when("gpu", Answer::Bool(true)).help("Finance approves GPUs case by case."),
                    multi("extras", "Extras", &["USB-C dock", "Second charger", "Travel case"], Some(3)),
                ]};
                d.approvals = vec![o.manager(), o.finance()];
                d.fulfilment_group = Some(o.g(DS));
                d.fulfilment = o.tasks(Sequence, &[
                    ("Order the laptop from the supplier", DS, "Use the framework contract; attach the order number."),
                    ("Set up and hand over", DS, "Install the developer image, hand over, collect the old device."),
                ]);
            }),
        item("hardware", "external-monitor", "External monitor", "A second screen for your desk.", "monitor")
            .featured()
            .with(|d| {
                d.keywords = vec!["screen".into(), "display".into()];
                d.delivery_days = Some(3);
                d.cost = euros(289, OneOff);
                d.form = FormSchema { fields: vec![
                    select("size", "Size", &["24\" Full HD", "27\" QHD", "34\" ultrawide"]).req(),
                    number("quantity", "How many?", 1.0, 2.0).req().default(Answer::Number(1.0)),
                ]};
                d.fulfilment_group = Some(o.g(DS));
                d.fulfilment = o.tasks(Sequence, &[("Deliver and connect the monitor", DS, "")]);
            }),
        item("hardware", "docking-station", "Docking station", "One cable for power, screens, network and USB.", "box")
            .with(|d| {
                d.keywords = vec!["dock".into(), "usb-c".into(), "thunderbolt".into()];
                d.delivery_days = Some(3);
                d.cost = euros(219, OneOff);
                d.fulfilment_group = Some(o.g(DS));
                d.fulfilment = o.tasks(Sequence, &[("Deliver the docking station", DS, "")]);
            }),
        item("hardware", "headset", "Headset", "For calls and video meetings.", "headset")
            .with(|d| {
                d.keywords = vec!["headphones".into(), "teams".into(), "audio".into()];
                d.delivery_days = Some(2);
                d.cost = euros(129, OneOff);
                d.form = FormSchema { fields: vec![select("type", "Type", &["Wired (USB-C)", "Wireless (Bluetooth)"]).req()] };
                d.fulfilment_group = Some(o.g(DS));
            }),
        item("hardware", "keyboard-mouse", "Keyboard and mouse", "A replacement or ergonomic set.", "keyboard")
            .with(|d| {
                d.cost = euros(79, OneOff);
                d.form = FormSchema { fields: vec![
                    check("ergonomic", "Ergonomic set (split keyboard, vertical mouse)"),
                    text("occupational_health", "Occupational health reference").when("ergonomic", Answer::Bool(true)).help("If a health assessment recommended it."),
                ]};
                d.fulfilment_group = Some(o.g(DS));
            }),
    ]
}

fn software(o: &Org) -> Vec<Spec> {
    vec![
        item(
            "software",
            "visio",
            "Microsoft Visio",
            "Diagrams and floor plans.",
            "software",
        )
        .with(|d| {
            d.cost = euros(15, Monthly);
            d.delivery_days = Some(1);
            d.approvals = vec![o.manager()];
            d.fulfilment_group = Some(o.g("Applications"));
            d.fulfilment = o.tasks(
                Sequence,
                &[("Assign the Visio licence", "Applications", "")],
            );
        }),
        item(
            "software",
            "adobe-creative-cloud",
            "Adobe Creative Cloud",
            "Photoshop, Illustrator, InDesign and the rest of the suite.",
            "software",
        )
        .featured()
        .with(|d| {
            d.keywords = vec!["photoshop".into(), "illustrator".into(), "indesign".into()];
            d.cost = euros(60, Monthly);
            d.delivery_days = Some(2);
            d.form = FormSchema {
                fields: vec![long("purpose", "What will you use it for?").req()],
            };
            d.approvals = vec![o.manager(), o.finance()];
            d.fulfilment_group = Some(o.g("Applications"));
            d.fulfilment = o.tasks(
                Sequence,
                &[("Assign the Creative Cloud licence", "Applications", "")],
            );
        }),
        item(
            "software",
            "software-install",
            "Other software",
            "Installation of software that is not in the catalog.",
            "software",
        )
        .with(|d| {
            d.form = FormSchema {
                fields: vec![
                    text("name", "Software name and version").req(),
                    pattern(
                        "url",
                        "Vendor web page",
                        "https?://\\S+",
                        "a web address starting with https://",
                    ),
                    long("why", "Why do you need it?").req(),
                ],
            };
            d.approvals = vec![o.manager(), o.security(Any)];
            d.fulfilment_group = Some(o.g(DS));
            d.fulfilment = o.tasks(
                Sequence,
                &[
                    (
                        "Check the licence and security review",
                        "Security",
                        "Check the licence terms and known vulnerabilities.",
                    ),
                    ("Package and install", DS, ""),
                ],
            );
        }),
        item(
            "software",
            "jetbrains-ide",
            "JetBrains IDE",
            "IntelliJ IDEA, PyCharm, GoLand, RustRover…",
            "software",
        )
        .with(|d| {
            d.keywords = vec![
                "intellij".into(),
                "pycharm".into(),
                "rustrover".into(),
                "ide".into(),
            ];
            d.cost = euros(25, Monthly);
            d.audience = o.only_departments(&["Engineering", "IT"]);
            d.form = FormSchema {
                fields: vec![
                    select(
                        "product",
                        "Product",
                        &["All Products Pack", "IntelliJ IDEA", "PyCharm", "RustRover"],
                    )
                    .req(),
                ],
            };
            d.fulfilment_group = Some(o.g("Applications"));
        }),
    ]
}

fn accounts(o: &Org) -> Vec<Spec> {
    vec![
        item(
            "accounts",
            "shared-drive-access",
            "Access to a shared drive",
            "Read or write access to a department's shared folder.",
            "key",
        )
        .featured()
        .with(|d| {
            d.keywords = vec!["folder".into(), "share".into(), "permissions".into()];
            d.delivery_days = Some(1);
            d.form = FormSchema {
                fields: vec![
                    select(
                        "drive",
                        "Drive",
                        &[
                            "Finance",
                            "Human Resources",
                            "Sales",
                            "Engineering",
                            "Marketing",
                            "Projects",
                        ],
                    )
                    .req(),
                    select("level", "Access", &["Read", "Read and write"])
                        .req()
                        .default(choice("Read")),
                    person("for_whom", "For whom").help("Leave empty when it is for you."),
                ],
            };
            d.approvals = vec![o.manager()];
            d.fulfilment_group = Some(o.g(SD));
            d.fulfilment = o.tasks(
                Sequence,
                &[(
                    "Grant the folder permission",
                    SD,
                    "Add the person to the drive's access group.",
                )],
            );
        }),
        item(
            "accounts",
            "shared-mailbox",
            "Shared mailbox",
            "A team mailbox such as team@beacon.example.",
            "mail",
        )
        .with(|d| {
            d.keywords = vec!["email".into(), "outlook".into(), "inbox".into()];
            d.delivery_days = Some(2);
            d.form = FormSchema {
                fields: vec![
                    pattern(
                        "address",
                        "Address",
                        "[a-z0-9.-]+@beacon\\.example",
                        "an address like team-name@beacon.example",
                    )
                    .req(),
                    long("members", "Who should have access?").req(),
                ],
            };
            d.approvals = vec![o.manager()];
            d.fulfilment_group = Some(o.g(SD));
        }),
        item(
            "accounts",
            "distribution-list",
            "Distribution list",
            "An e-mail list for a group of people.",
            "mail",
        )
        .with(|d| {
            d.form = FormSchema {
                fields: vec![
                    pattern(
                        "address",
                        "Address",
                        "[a-z0-9.-]+@beacon\\.example",
                        "an address like list-name@beacon.example",
                    )
                    .req(),
                    check("external", "People outside Beacon may write to it"),
                ],
            };
            d.fulfilment_group = Some(o.g(SD));
        }),
        item(
            "accounts",
            "erp-access",
            "ERP access",
            "A role in the ERP system (SAP).",
            "key",
        )
        .with(|d| {
            d.keywords = vec!["sap".into(), "finance".into(), "purchasing".into()];
            d.delivery_days = Some(3);
            d.form = FormSchema {
                fields: vec![
                    select(
                        "role",
                        "Role",
                        &["Display only", "Purchaser", "Finance approver"],
                    )
                    .req(),
                    pattern(
                        "cost_centre",
                        "Cost centre",
                        "CC-[0-9]{4}",
                        "a cost centre like CC-1234",
                    )
                    .req()
                    .when("role", choice("Finance approver")),
                    long("why", "Why do you need it?").req(),
                ],
            };
            d.approvals = vec![
                o.manager(),
                ApprovalStage {
                    name: "Application owner".into(),
                    approvers: Approvers::Users {
                        users: vec![o.u("kenji.watanabe")],
                    },
                    rule: Any,
                },
                o.security(Majority),
            ];
            d.fulfilment_group = Some(o.g("Applications"));
            d.fulfilment = o.tasks(
                Sequence,
                &[("Create the ERP role assignment", "Applications", "")],
            );
        }),
        item(
            "accounts",
            "system-password-reset",
            "Password reset for a business system",
            "When you are locked out of a system other than Windows.",
            "key",
        )
        .with(|d| {
            d.keywords = vec!["locked".into(), "unlock".into(), "password".into()];
            d.delivery_days = Some(1);
            d.form = FormSchema {
                fields: vec![
                    select(
                        "system",
                        "System",
                        &["ERP", "CRM", "HR portal", "Expense tool"],
                    )
                    .req(),
                ],
            };
            d.fulfilment_group = Some(o.g(SD));
        }),
    ]
}

fn network(o: &Org) -> Vec<Spec> {
    vec![
        item(
            "network",
            "vpn-access",
            "VPN access",
            "Work from home or on the road securely.",
            "globe",
        )
        .featured()
        .with(|d| {
            d.keywords = vec!["remote".into(), "home office".into(), "tunnel".into()];
            d.delivery_days = Some(1);
            d.form = FormSchema {
                fields: vec![
                    select("device", "Device", &["Company laptop", "Personal device"])
                        .req()
                        .default(choice("Company laptop")),
                    check(
                        "mdm_consent",
                        "I agree to enrol my device in device management",
                    )
                    .req()
                    .when("device", choice("Personal device")),
                ],
            };
            d.approvals = vec![o.manager()];
            d.fulfilment_group = Some(o.g("Network"));
            d.fulfilment = o.tasks(
                Sequence,
                &[(
                    "Create the VPN profile",
                    "Network",
                    "Add the user to the VPN group and send the set-up guide.",
                )],
            );
        }),
        item(
            "network",
            "guest-wifi",
            "Guest Wi-Fi",
            "Wi-Fi access for a visitor.",
            "wifi",
        )
        .with(|d| {
            d.keywords = vec!["visitor".into(), "wireless".into()];
            d.form = FormSchema {
                fields: vec![
                    text("visitor", "Visitor's name").req(),
                    date("visit_on", "Day of the visit", 0, 30).req(),
                ],
            };
            d.fulfilment_group = Some(o.g(SD));
        }),
        item(
            "network",
            "firewall-rule",
            "Firewall rule",
            "Open a connection between two systems.",
            "shield",
        )
        .with(|d| {
            d.audience = Audience {
                everyone: false,
                departments: vec![],
                groups: vec![],
                roles: vec![Role::Agent],
            };
            d.audience_note = "IT staff.".into();
            d.form = FormSchema {
                fields: vec![
                    text("source", "Source host or network").req(),
                    text("destination", "Destination host or network").req(),
                    number("port", "Port", 1.0, 65535.0).req(),
                    select("protocol", "Protocol", &["TCP", "UDP"])
                        .req()
                        .default(choice("TCP")),
                    date("until", "Needed until", 1, 365).help("Leave empty for a permanent rule."),
                ],
            };
            d.approvals = vec![
                o.security(All),
                ApprovalStage {
                    name: "Network owner".into(),
                    approvers: Approvers::Users {
                        users: vec![o.u("lina.okafor")],
                    },
                    rule: Any,
                },
            ];
            d.fulfilment_group = Some(o.g("Network"));
            d.fulfilment = o.tasks(
                Sequence,
                &[(
                    "Implement the rule",
                    "Network",
                    "Raise a standard change if the rule touches production.",
                )],
            );
        }),
        item(
            "network",
            "dns-entry",
            "DNS entry",
            "A new host name in the company DNS.",
            "server",
        )
        .with(|d| {
            d.audience = o.only_departments(&["IT", "Engineering"]);
            d.form = FormSchema {
                fields: vec![
                    pattern(
                        "hostname",
                        "Host name",
                        "[a-z0-9-]+(\\.[a-z0-9-]+)*\\.beacon\\.example",
                        "a name ending in .beacon.example",
                    )
                    .req(),
                    pattern(
                        "target",
                        "Points to (IP address)",
                        "[0-9]{1,3}(\\.[0-9]{1,3}){3}",
                        "an IPv4 address like 10.0.0.12",
                    )
                    .req(),
                ],
            };
            d.fulfilment_group = Some(o.g("Network"));
        }),
    ]
}

fn mobile(o: &Org) -> Vec<Spec> {
    vec![
        item(
            "mobile",
            "mobile-phone",
            "Mobile phone",
            "A company smartphone with e-mail and Teams.",
            "phone",
        )
        .featured()
        .with(|d| {
            d.keywords = vec![
                "smartphone".into(),
                "iphone".into(),
                "android".into(),
                "cell".into(),
            ];
            d.delivery_days = Some(5);
            d.cost = euros(699, OneOff);
            d.form = FormSchema {
                fields: vec![
                    select("model", "Model", &["iPhone 16", "Samsung Galaxy S25"]).req(),
                    check("replace", "It replaces a company phone I have now"),
                    pattern(
                        "old_asset",
                        "Asset tag of the old phone",
                        "BCN-[0-9]{6}",
                        "an asset tag like BCN-004211",
                    )
                    .req()
                    .when("replace", Answer::Bool(true)),
                ],
            };
            d.approvals = vec![o.manager()];
            d.fulfilment_group = Some(o.g(DS));
            d.fulfilment = o.tasks(
                Sequence,
                &[
                    ("Enrol the phone in device management", DS, ""),
                    (
                        "Hand over the phone",
                        DS,
                        "Collect the old phone if one is replaced.",
                    ),
                ],
            );
        }),
        item(
            "mobile",
            "sim-data-plan",
            "SIM card and data plan",
            "A SIM for a company phone or tablet.",
            "phone",
        )
        .with(|d| {
            d.keywords = vec!["esim".into(), "roaming".into(), "mobile data".into()];
            d.cost = euros(20, Monthly);
            d.form = FormSchema {
                fields: vec![
                    select("kind", "SIM", &["Physical SIM", "eSIM"]).req(),
                    check("roaming", "I travel outside the EU"),
                    multi(
                        "countries",
                        "Countries",
                        &["United Kingdom", "Switzerland", "United States", "Other"],
                        None,
                    )
                    .req()
                    .when("roaming", Answer::Bool(true)),
                ],
            };
            d.approvals = vec![o.manager()];
            d.fulfilment_group = Some(o.g(SD));
        }),
        item(
            "mobile",
            "desk-phone",
            "Desk phone",
            "A phone for your desk, with your direct number.",
            "phone",
        )
        .with(|d| {
            d.delivery_days = Some(5);
            d.fulfilment_group = Some(o.g(SD));
        }),
    ]
}

fn people(o: &Org) -> Vec<Spec> {
    vec![
        item(
            "people",
            "new-starter",
            "New starter",
            "Everything a new colleague needs on day one: account, laptop, phone, badge.",
            "users",
        )
        .featured()
        .with(|d| {
            d.keywords = vec![
                "onboarding".into(),
                "joiner".into(),
                "new hire".into(),
                "employee".into(),
            ];
            d.audience = o.only_departments(&["Human Resources"]);
            d.audience_note = "HR, on behalf of hiring managers.".into();
            d.delivery_days = Some(5);
            d.form = FormSchema {
                fields: vec![
                    text("full_name", "Full name").req(),
                    date("start_date", "First day", 5, 180)
                        .req()
                        .help("Give us at least five days."),
                    select(
                        "department",
                        "Department",
                        &[
                            "Finance",
                            "Human Resources",
                            "Sales",
                            "Engineering",
                            "Marketing",
                            "Facilities",
                            "IT",
                        ],
                    )
                    .req(),
                    person("manager", "Manager").req(),
                    select(
                        "laptop",
                        "Laptop",
                        &["Standard laptop", "Developer laptop", "No laptop"],
                    )
                    .req(),
                    pattern(
                        "github",
                        "GitHub user name",
                        "[A-Za-z0-9-]{1,39}",
                        "a GitHub user name",
                    )
                    .when("laptop", choice("Developer laptop")),
                    check("phone", "Needs a mobile phone"),
                ],
            };
            d.approvals = vec![o.hr_director()];
            d.fulfilment_group = Some(o.g(SD));
            d.fulfilment = o.tasks(
                Parallel,
                &[
                    (
                        "Create the user account and mailbox",
                        SD,
                        "Username first.last; add to the department's groups.",
                    ),
                    ("Prepare the laptop", DS, ""),
                    ("Print the access badge", "Security", ""),
                ],
            );
        }),
        item(
            "people",
            "leaver",
            "Leaver",
            "Close accounts and collect equipment when someone leaves.",
            "user",
        )
        .with(|d| {
            d.keywords = vec!["offboarding".into(), "exit".into(), "termination".into()];
            d.audience = o.only_departments(&["Human Resources"]);
            d.form = FormSchema {
                fields: vec![
                    person("leaver", "Who is leaving?").req(),
                    date("last_day", "Last working day", 0, 180).req(),
                    check("keep_mailbox", "Keep the mailbox for 90 days"),
                ],
            };
            d.approvals = vec![o.hr_director()];
            d.fulfilment_group = Some(o.g(SD));
            d.fulfilment = o.tasks(
                Sequence,
                &[
                    ("Disable accounts on the last day", "Security", ""),
                    ("Collect laptop, phone and badge", DS, ""),
                ],
            );
        }),
        item(
            "people",
            "payroll-access",
            "Payroll system access",
            "Access to the payroll system for payroll and HR staff.",
            "key",
        )
        .with(|d| {
            d.audience = o.only_departments(&["Finance", "Human Resources"]);
            d.form = FormSchema {
                fields: vec![select("level", "Access", &["Read", "Process payroll"]).req()],
            };
            d.approvals = vec![o.manager(), o.finance(), o.security(Any)];
            d.fulfilment_group = Some(o.g("Applications"));
        }),
    ]
}

fn facilities(o: &Org) -> Vec<Spec> {
    vec![
        item(
            "facilities",
            "desk-move",
            "Desk move",
            "Move your desk, computer and phone to a new place.",
            "chair",
        )
        .with(|d| {
            d.keywords = vec!["relocation".into(), "office".into()];
            d.form = FormSchema {
                fields: vec![
                    text("new_location", "New desk (building, floor, desk number)").req(),
                    date("move_on", "Moving day", 2, 60).req(),
                ],
            };
            d.fulfilment_group = Some(o.g(DS));
        }),
        item(
            "facilities",
            "meeting-room-av",
            "Meeting room AV support",
            "A technician for an important meeting or event.",
            "monitor",
        )
        .with(|d| {
            d.form = FormSchema {
                fields: vec![
                    select(
                        "room",
                        "Room",
                        &[
                            "Atlas (12)",
                            "Borealis (6)",
                            "Cosmos (40)",
                            "Town hall (150)",
                        ],
                    )
                    .req(),
                    date("on", "Day", 1, 60).req(),
                    text("time", "Time").req().help("For example 14:00–16:00."),
                ],
            };
            d.fulfilment_group = Some(o.g(SD));
        }),
        item(
            "facilities",
            "parking-space",
            "Parking space",
            "A reserved space in the company garage.",
            "building",
        )
        .with(|d| {
            d.cost = euros(40, Monthly);
            d.form = FormSchema {
                fields: vec![
                    date("from", "From", 1, 90).req(),
                    text("plate", "Number plate").req(),
                    check("ev", "I need a charging point"),
                ],
            };
            d.approvals = vec![o.manager()];
            d.fulfilment_group = Some(o.g(SD));
        }),
        item(
            "facilities",
            "badge-replacement",
            "Access badge replacement",
            "A new badge when yours is lost or broken.",
            "badge",
        )
        .with(|d| {
            d.cost = euros(15, OneOff);
            d.form = FormSchema {
                fields: vec![
                    select("reason", "Reason", &["Lost", "Broken", "Name change"]).req(),
                    check("reported", "I have reported the lost badge to security")
                        .req()
                        .when("reason", choice("Lost")),
                ],
            };
            d.fulfilment_group = Some(o.g("Security"));
            d.fulfilment = o.tasks(
                Sequence,
                &[("Block the old badge and print a new one", "Security", "")],
            );
        }),
    ]
}

fn security(o: &Org) -> Vec<Spec> {
    vec![
        item(
            "security",
            "tls-certificate",
            "TLS certificate",
            "A certificate for an internal or public web site.",
            "shield",
        )
        .with(|d| {
            d.keywords = vec!["ssl".into(), "https".into(), "cert".into()];
            d.audience = o.only_departments(&["IT", "Engineering"]);
            d.form = FormSchema {
                fields: vec![
                    pattern(
                        "hostname",
                        "Host name",
                        "[a-z0-9-]+(\\.[a-z0-9-]+)+",
                        "a host name like portal.beacon.example",
                    )
                    .req(),
                    select(
                        "kind",
                        "Kind",
                        &["Internal CA", "Public (Let's Encrypt)", "Public (EV)"],
                    )
                    .req(),
                ],
            };
            d.approvals = vec![o.security(Any)];
            d.fulfilment_group = Some(o.g("Security"));
        }),
        item(
            "security",
            "encrypted-usb",
            "Encrypted USB drive",
            "A hardware-encrypted drive for moving sensitive files.",
            "box",
        )
        .with(|d| {
            d.cost = euros(45, OneOff);
            d.form = FormSchema {
                fields: vec![
                    select("size", "Size", &["32 GB", "128 GB"]).req(),
                    long("why", "What will you carry on it?").req(),
                ],
            };
            d.approvals = vec![o.manager(), o.security(Any)];
            d.fulfilment_group = Some(o.g("Security"));
        }),
        item(
            "security",
            "local-admin-rights",
            "Administrator rights on my laptop",
            "Temporary or permanent local administrator rights.",
            "shield",
        )
        .with(|d| {
            d.keywords = vec!["admin".into(), "elevated".into(), "privileges".into()];
            d.form = FormSchema {
                fields: vec![
                    select(
                        "duration",
                        "For how long?",
                        &["1 day", "1 week", "Permanent"],
                    )
                    .req(),
                    long("business_case", "Business case")
                        .req()
                        .when("duration", choice("Permanent")),
                    long("why", "What do you need to install or change?").req(),
                ],
            };
            d.approvals = vec![o.manager(), o.security(All)];
            d.fulfilment_group = Some(o.g("Security"));
            d.fulfilment = o.tasks(
                Sequence,
                &[(
                    "Grant rights through privilege management",
                    "Security",
                    "Set the expiry to the requested duration.",
                )],
            );
        }),
    ]
}

/// Every demo item.
pub(super) fn all(o: &Org) -> Vec<Spec> {
    let mut out = hardware(o);
    out.extend(software(o));
    out.extend(accounts(o));
    out.extend(network(o));
    out.extend(mobile(o));
    out.extend(people(o));
    out.extend(facilities(o));
    out.extend(security(o));
    out
}
