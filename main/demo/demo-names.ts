/** Names and places for the demo store: a Panamanian shop with Spanish- and English-speaking customers. */
export const SPANISH_FIRST = [
  'José', 'María', 'Lucía', 'Ángel', 'Andrés', 'Sofía', 'Martín', 'Valentina', 'Iván', 'Óscar', 'Jesús', 'Ramón',
  'Inés', 'Raúl', 'Camila', 'Mateo', 'Daniela', 'Sebastián', 'Isabel', 'Fernando', 'Gabriela', 'Luis', 'Ana',
  'Carlos', 'Rosa', 'Jorge', 'Carmen', 'Alejandro', 'Mariana', 'Héctor', 'Yolanda', 'Rubén', 'Elena', 'Tomás',
  'Ximena', 'Nicolás', 'Marisol', 'Julián', 'Beatriz', 'Agustín', 'Noemí', 'Efraín', 'Itzel', 'Abdiel', 'Yaritza',
];
export const SPANISH_LAST = [
  'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Núñez',
  'Muñoz', 'Jiménez', 'Díaz', 'Castillo', 'Vásquez', 'Córdoba', 'Batista', 'Quintero', 'Espinosa', 'Ríos',
  'Morales', 'Herrera', 'Aguilar', 'Saldaña', 'De León', 'Arosemena', 'Chiari', 'Méndez', 'Guerra', 'Solís',
  'Ortega', 'Barría', 'Pinzón', 'Villarreal', 'Samudio', 'Cedeño', 'Domínguez', 'Peña', 'Castro', 'Ibáñez',
];
export const ENGLISH_FIRST = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Emily', 'Daniel',
  'Olivia', 'Matthew', 'Chloe', 'Andrew', 'Grace', 'Kevin', 'Hannah', 'Brian',
];
export const ENGLISH_LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas',
  'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young',
  'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', "O'Brien",
];
export const BUSINESS_NAMES = [
  'Ferretería El Martillo', 'Distribuidora Pacífico', 'Café Boquete', 'Farmacia San Judas', 'Panadería La Espiga',
  'Constructora Istmo', 'Hotel Casco Viejo', 'Restaurante El Trapiche', 'Tech Solutions', 'Importadora Colón',
  'Clínica Dental Sonrisa', 'Taller Mecánico Chepo', 'Super Mini Chorrera', 'Floristería Las Orquídeas',
  'Librería Cervantes', 'Agencia de Viajes Bocas', 'Lavandería Express', 'Gimnasio Fuerza', 'Óptica Visión Clara',
  'Papelería El Estudiante',
];
export const BUSINESS_SUFFIXES = ['S.A.', 'Corp.', 'Inc.', 'S. de R.L.', ''];
export const INDUSTRIES = ['Retail', 'Hospitality', 'Construction', 'Health', 'Services', 'Wholesale'];
export const EMAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'yahoo.com', 'outlook.com', 'cableonda.net', 'icloud.com'];
export const TAGS = ['frecuente', 'delivery', 'crédito', 'newsletter', 'mayorista', 'turista', 'referido'];

export const DEMO_GROUPS = [
  { name: 'VIP', description: 'Top customers: 10 % off every sale', requiresApproval: false, discountBp: 1000 },
  { name: 'Mayoristas', description: 'Wholesale buyers with payment terms', requiresApproval: true, discountBp: 1500 },
  { name: 'Jubilados', description: 'Retirees: legal discount on eligible items', requiresApproval: true, discountBp: 2500 },
  { name: 'Empleados', description: 'Staff purchases', requiresApproval: false, discountBp: 2000 },
];

/** [name, price in cents] — the product catalogue of a small general store. */
export const DEMO_PRODUCTS: [string, number][] = [
  ['Café molido Boquete 454 g', 899], ['Arroz Blanco 2 kg', 345], ['Aceite vegetal 1 L', 429], ['Azúcar 1 kg', 189],
  ['Leche entera 1 L', 165], ['Huevos (12)', 399], ['Pan de molde', 275], ['Queso blanco 500 g', 650],
  ['Agua mineral 600 ml', 95], ['Refresco de cola 2 L', 225], ['Jugo de naranja 1 L', 310], ['Cerveza Balboa (6)', 749],
  ['Ron Abuelo 7 años', 2199], ['Detergente 2 kg', 899], ['Papel higiénico (12)', 1099], ['Jabón de baño (3)', 349],
  ['Shampoo 400 ml', 525], ['Pasta dental 100 ml', 249], ['Cepillo dental', 199], ['Desodorante', 399],
  ['Pilas AA (4)', 599], ['Bombillo LED 9 W', 299], ['Cinta adhesiva', 149], ['Cuaderno 100 hojas', 225],
  ['Bolígrafo azul (3)', 175], ['Cargador USB-C', 1499], ['Audífonos', 1999], ['Sombrilla', 1250],
  ['Protector solar 120 ml', 1150], ['Repelente 200 ml', 699], ['Galletas de soda', 135], ['Chocolate 100 g', 289],
  ['Plátanos (kg)', 110], ['Tomates (kg)', 245], ['Cebolla (kg)', 199], ['Pollo entero (kg)', 385],
  ['Carne molida (kg)', 799], ['Yuca (kg)', 120], ['Tortillas de maíz (10)', 199], ['Hielo 5 kg', 250],
];
