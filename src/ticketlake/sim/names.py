"""First and last names for generated people (fixed; the seed picks from them)."""

from __future__ import annotations

FIRST_NAMES = (
    "Aaliyah", "Aaron", "Abigail", "Adrian", "Aisha", "Alejandro", "Alex", "Amara", "Andre",
    "Angela", "Anil", "Ava", "Benjamin", "Bianca", "Brandon", "Carlos", "Caroline", "Chen",
    "Chloe", "Daniel", "Daniela", "David", "Deepa", "Diego", "Elena", "Emily", "Emma", "Eric",
    "Fatima", "Gabriel", "Grace", "Hannah", "Hiroshi", "Isabel", "Jacob", "James", "Jasmine",
    "Javier", "Jennifer", "Jin", "John", "Jordan", "Joseph", "Julia", "Kai", "Karen", "Kevin",
    "Laura", "Liam", "Lucas", "Maria", "Mateo", "Maya", "Michael", "Mohammed", "Nadia",
    "Natalie", "Noah", "Olivia", "Omar", "Priya", "Rachel", "Rahul", "Robert", "Samuel",
    "Sarah", "Sofia", "Sophie", "Tariq", "Thomas", "Valentina", "Wei", "William", "Yara",
    "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Adams", "Ahmed", "Alvarez", "Anderson", "Baker", "Bennett", "Brooks", "Brown", "Campbell",
    "Carter", "Castillo", "Chen", "Clark", "Collins", "Cooper", "Davis", "Diaz", "Edwards",
    "Evans", "Fischer", "Flores", "Foster", "Garcia", "Gomez", "Green", "Gupta", "Hall",
    "Harris", "Hernandez", "Hill", "Hughes", "Ito", "Jackson", "Johnson", "Kim", "Kowalski",
    "Lee", "Lewis", "Lopez", "Martin", "Martinez", "Miller", "Mitchell", "Moore", "Morales",
    "Murphy", "Nakamura", "Nguyen", "O'Brien", "Okafor", "Parker", "Patel", "Perez", "Phillips",
    "Ramirez", "Reed", "Reyes", "Rivera", "Roberts", "Robinson", "Rodriguez", "Rossi", "Sanchez",
    "Schmidt", "Scott", "Singh", "Smith", "Stewart", "Sullivan", "Taylor", "Thompson", "Torres",
    "Turner", "Walker", "Wang", "Ward", "Watson", "White", "Williams", "Wilson", "Wright",
    "Young", "Zhang",
)  # fmt: skip
