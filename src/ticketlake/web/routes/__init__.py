"""Routes of the web app: pages (operator, customer, login) and the JSON API."""
